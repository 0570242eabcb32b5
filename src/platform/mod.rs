//! Platform glue: what differs between desktop, Android and iOS.

#[cfg(target_os = "android")]
mod android;
pub mod camera;
#[cfg(all(feature = "desktop", debug_assertions))]
pub mod e2e_probe;
#[cfg(feature = "embedded-backend")]
pub mod embedded;
pub mod files;
#[cfg(target_os = "ios")]
mod ios;
pub mod links;
#[cfg(all(feature = "liveview", debug_assertions))]
pub mod liveview;
pub mod photo;
pub mod secrets;
pub mod share;

/// The phones' packaging files are data the code depends on, written in
/// other languages (XML, Kotlin) that nothing here compiles: these tests hold
/// them to the Rust side, so a renamed constant or a version bump that
/// forgets a file fails here, not on a phone.
#[cfg(test)]
mod packaging {
    use std::path::Path;

    const MANIFEST: &str = include_str!("../../android/AndroidManifest.xml");
    const MAIN_ACTIVITY: &str = include_str!("../../android/MainActivity.kt");
    const PROOF_SHARE: &str = include_str!(
        "../../android/paspor-platform/src/main/kotlin/id/paspor/platform/ProofShare.kt"
    );
    const PROOF_PATHS: &str =
        include_str!("../../android/paspor-platform/src/main/res/xml/proof_paths.xml");
    const DIOXUS_TOML: &str = include_str!("../../Dioxus.toml");
    const INFO_PLIST: &[u8] = include_bytes!("../../ios/Info.plist");

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    fn bundle_identifier() -> &'static str {
        DIOXUS_TOML
            .lines()
            .find_map(|l| l.strip_prefix("identifier = "))
            .map(|v| v.trim_matches('"'))
            .expect("Dioxus.toml names the bundle identifier")
    }

    /// An Android resource reference such as `@xml/proof_paths` exists in
    /// the bundled module (any density or qualifier).
    fn resource_exists(reference: &str) -> bool {
        let (kind, name) = reference
            .strip_prefix('@')
            .and_then(|r| r.split_once('/'))
            .expect("a resource reference");
        let res = root().join("android/paspor-platform/src/main/res");
        std::fs::read_dir(&res).unwrap().flatten().any(|dir| {
            let folder = dir.file_name().to_string_lossy().into_owned();
            if kind == "style" || kind == "color" {
                return folder.starts_with("values")
                    && std::fs::read_dir(dir.path()).unwrap().flatten().any(|f| {
                        std::fs::read_to_string(f.path())
                            .unwrap()
                            .contains(&format!("name=\"{name}\""))
                    });
            }
            folder.split('-').next() == Some(kind)
                && std::fs::read_dir(dir.path())
                    .unwrap()
                    .flatten()
                    .any(|f| f.path().file_stem().is_some_and(|s| s == name))
        })
    }

    #[test]
    fn the_android_manifest_registers_what_the_code_expects() {
        let doc = roxmltree::Document::parse(MANIFEST).unwrap();
        let android = "http://schemas.android.com/apk/res/android";
        let attr = |n: roxmltree::Node, a: &str| n.attribute((android, a)).map(str::to_owned);
        let nodes = |tag: &'static str| doc.descendants().filter(move |n| n.has_tag_name(tag));

        let permissions: Vec<_> = nodes("uses-permission")
            .filter_map(|n| attr(n, "name"))
            .collect();
        assert!(permissions.contains(&"android.permission.INTERNET".into()));
        assert!(
            permissions.contains(&"android.permission.CAMERA".into()),
            "R-MRZ-1"
        );

        let app = nodes("application").next().unwrap();
        assert_eq!(attr(app, "allowBackup").as_deref(), Some("false"));
        for key in ["icon", "theme", "dataExtractionRules", "fullBackupContent"] {
            let r = attr(app, key).unwrap_or_else(|| panic!("application has {key}"));
            assert!(
                resource_exists(&r),
                "{key} = {r} is in android/paspor-platform"
            );
        }

        let activity = nodes("activity").next().unwrap();
        assert_eq!(
            attr(activity, "name").as_deref(),
            Some("dev.dioxus.main.MainActivity")
        );
        assert_eq!(attr(activity, "launchMode").as_deref(), Some("singleTask"));
        let link = nodes("data")
            .find(|d| attr(*d, "scheme").is_some())
            .unwrap();
        assert_eq!(attr(link, "scheme").as_deref(), Some(super::links::SCHEME));
        let url = format!(
            "{}://{}?token={}",
            attr(link, "scheme").unwrap(),
            attr(link, "host").unwrap(),
            "a".repeat(43)
        );
        assert!(
            super::links::parse(&url).is_some(),
            "the app reads what the manifest sends: {url}"
        );

        let provider = nodes("provider").next().unwrap();
        assert_eq!(
            attr(provider, "authorities").as_deref(),
            Some(
                format!(
                    "${{applicationId}}{}",
                    super::share::ANDROID_AUTHORITY_SUFFIX
                )
                .as_str()
            )
        );
        assert_eq!(attr(provider, "exported").as_deref(), Some("false"));
        let paths = provider
            .children()
            .find(|n| n.has_tag_name("meta-data"))
            .unwrap();
        assert_eq!(attr(paths, "resource").as_deref(), Some("@xml/proof_paths"));
    }

    #[test]
    fn the_file_provider_serves_the_proofs_folder_only() {
        let doc = roxmltree::Document::parse(PROOF_PATHS).unwrap();
        let served: Vec<_> = doc
            .root_element()
            .children()
            .filter(|n| n.is_element())
            .map(|n| (n.tag_name().name(), n.attribute("path").unwrap()))
            .collect();
        assert_eq!(
            served,
            [("files-path", &*format!("{}/", super::files::PROOFS_SUBDIR))]
        );
    }

    #[test]
    fn kotlin_calls_the_rust_it_was_written_for() {
        // JNI finds `Java_dev_dioxus_main_MainActivity_<name>` (android.rs).
        assert!(MAIN_ACTIVITY.contains("package dev.dioxus.main"));
        for native in [
            "private external fun onDeepLink(url: String)",
            "private external fun onBackNative(): Boolean",
        ] {
            assert!(MAIN_ACTIVITY.contains(native), "{native}");
        }
        assert!(MAIN_ACTIVITY.contains(&format!(
            "typealias BuildConfig = {}.BuildConfig",
            bundle_identifier()
        )));
        let class = super::share::ANDROID_HELPER_CLASS;
        let (package, name) = class.rsplit_once('.').unwrap();
        assert!(PROOF_SHARE.contains(&format!("package {package}")));
        assert!(PROOF_SHARE.contains(&format!("class {name}(private val activity: Activity)")));
        for method in [
            "fun open(path: String, mime: String, title: String): String",
            "fun share(path: String, mime: String, title: String): String",
        ] {
            assert!(PROOF_SHARE.contains(method), "{method}");
        }
        assert!(PROOF_SHARE.contains(&format!("\"{}\"", super::share::ANDROID_AUTHORITY_SUFFIX)));
        for file in [
            "android/AndroidManifest.xml",
            "android/MainActivity.kt",
            "ios/Info.plist",
        ] {
            assert!(
                DIOXUS_TOML.contains(&format!("\"{file}\"")),
                "Dioxus.toml uses {file}"
            );
        }
    }

    #[test]
    fn the_ios_plist_is_complete_and_agrees_with_cargo_and_dioxus() {
        let plist: plist::Dictionary = plist::from_bytes(INFO_PLIST).unwrap();
        let s = |k: &str| {
            plist
                .get(k)
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| panic!("Info.plist has {k}"))
                .to_owned()
        };
        // dx names the executable after the package's binary.
        assert_eq!(s("CFBundleExecutable"), env!("CARGO_PKG_NAME"));
        assert_eq!(s("CFBundleIdentifier"), bundle_identifier());
        assert_eq!(s("CFBundleShortVersionString"), env!("CARGO_PKG_VERSION"));
        assert_eq!(s("CFBundleVersion"), env!("CARGO_PKG_VERSION"));
        assert_eq!(s("CFBundlePackageType"), "APPL");
        assert!(DIOXUS_TOML.contains(&format!(
            "deployment_target = \"{}\"",
            s("MinimumOSVersion")
        )));
        for usage in ["NSCameraUsageDescription", "NSPhotoLibraryUsageDescription"] {
            let text = s(usage);
            assert!(text.contains(" / "), "{usage} in Indonesian and English");
        }
        let schemes: Vec<_> = plist["CFBundleURLTypes"].as_array().unwrap()[0]
            .as_dictionary()
            .unwrap()["CFBundleURLSchemes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        assert_eq!(schemes, [super::links::SCHEME]);

        let assets = root().join("ios/Assets.xcassets");
        assert!(
            assets
                .join(format!(
                    "{}.appiconset/AppIcon-1024.png",
                    s("CFBundleIconName")
                ))
                .is_file()
        );
        let launch = plist["UILaunchScreen"].as_dictionary().unwrap();
        let name = |k: &str| launch[k].as_string().unwrap().to_owned();
        assert!(
            assets
                .join(format!("{}.imageset", name("UIImageName")))
                .is_dir()
        );
        assert!(
            assets
                .join(format!("{}.colorset", name("UIColorName")))
                .is_dir()
        );
    }
}
