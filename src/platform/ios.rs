//! UIKit and Foundation glue for iOS: the app's Application Support folder,
//! its do-not-back-up flag, and the share sheet for a saved proof.

use std::path::{Path, PathBuf};

use objc2::rc::Retained;
use objc2::runtime::AnyObject;
use objc2_foundation::{
    NSArray, NSFileManager, NSNumber, NSSearchPathDirectory, NSSearchPathDomainMask, NSString,
    NSURL, NSURLIsExcludedFromBackupKey,
};

/// `~/Library/Application Support` inside the app's sandbox.
pub fn application_support_dir() -> PathBuf {
    let urls = NSFileManager::defaultManager().URLsForDirectory_inDomains(
        NSSearchPathDirectory::ApplicationSupportDirectory,
        NSSearchPathDomainMask::UserDomainMask,
    );
    urls.firstObject()
        .and_then(|u| u.path())
        .map(|p| PathBuf::from(p.to_string()))
        // HOME is the sandbox's root on iOS.
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join("Library/Application Support")
        })
}

/// Sets `NSURLIsExcludedFromBackupKey`, so neither iCloud nor a computer
/// backup copies the folder (it holds drafts with family members' NIKs).
pub fn exclude_from_backup(dir: &Path) -> Result<(), String> {
    let url = NSURL::fileURLWithPath_isDirectory(&NSString::from_str(&dir.to_string_lossy()), true);
    let yes = NSNumber::numberWithBool(true);
    // Safety: the key takes an NSNumber holding a boolean.
    unsafe { url.setResourceValue_forKey_error(Some(&yes), NSURLIsExcludedFromBackupKey) }
        .map_err(|e| e.localizedDescription().to_string())
}

/// Presents `UIActivityViewController` for the file, over the app's root
/// view controller (anchored to its view, which iPads require).
pub fn share_sheet(file: &Path) -> Result<(), String> {
    let path = file.to_string_lossy().into_owned();
    dispatch2::run_on_main(move |mtm| {
        use objc2_ui_kit::{UIActivityViewController, UIApplication};
        let url = NSURL::fileURLWithPath(&NSString::from_str(&path));
        let item: Retained<AnyObject> = url.into();
        let items = NSArray::from_retained_slice(&[item]);
        // Safety: activity items may be any objects; a file URL is one the
        // share sheet knows.
        let sheet = unsafe {
            UIActivityViewController::initWithActivityItems_applicationActivities(
                mtm.alloc(),
                &items,
                None,
            )
        };
        #[allow(deprecated)] // the key window is the app's one window
        let root = UIApplication::sharedApplication(mtm)
            .keyWindow()
            .and_then(|w| w.rootViewController())
            .ok_or("no window to present the share sheet from")?;
        if let (Some(popover), Some(view)) = (sheet.popoverPresentationController(), root.view()) {
            popover.setSourceView(Some(&view));
            popover.setSourceRect(view.bounds());
        }
        root.presentViewController_animated_completion(&sheet, true, None);
        Ok(())
    })
}
