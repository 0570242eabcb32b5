//! JNI glue to the Android activity: the app's private folder, the proof's
//! viewer and share sheet, and the calls the app's `MainActivity`
//! (`android/MainActivity.kt`) makes into Rust for deep links and the back
//! button.
//!
//! The activity and the Java VM come from `ndk-context`, which tao fills in
//! before `main` runs. Calls happen on the app's Rust threads, which the JVM
//! sees as attached native threads: `FindClass` there only sees framework
//! classes, so the app's own Kotlin classes are loaded through the
//! activity's class loader.

use std::path::PathBuf;

use jni::objects::{JClass, JObject, JString, JValue};
use jni::sys::jboolean;
use jni::{JNIEnv, JavaVM};

use super::share::{ProofAction, ShareRequest};

type JniResult<T> = jni::errors::Result<T>;

/// Declares android/paspor-platform to dx, which then bundles that Gradle
/// module into the APK: the FileProvider's paths, the backup rules, the
/// icons, the launch theme and `ProofShare.kt`. The generated bindings are
/// not used: they look the class up with `FindClass`, which cannot see app
/// classes from the app's Rust threads; [`hand_over`] loads it properly.
#[allow(dead_code, unused_imports)]
mod bundled {
    #[manganis::ffi("android/paspor-platform")]
    extern "Kotlin" {
        pub type ProofShare;
    }
}

/// Runs `f` with the current thread attached and the activity at hand. A
/// Java exception becomes an error here instead of aborting the app at the
/// next JNI call.
fn with_activity<R>(f: impl FnOnce(&mut JNIEnv, &JObject) -> JniResult<R>) -> Result<R, String> {
    let ctx = ndk_context::android_context();
    // Safety: tao stored a valid JavaVM and a global reference to the
    // activity in ndk-context; neither is released while the app runs.
    let vm = unsafe { JavaVM::from_raw(ctx.vm().cast()) }.map_err(|e| e.to_string())?;
    let mut env = vm.attach_current_thread().map_err(|e| e.to_string())?;
    let activity = unsafe { JObject::from_raw(ctx.context().cast()) };
    let result = f(&mut env, &activity);
    if env.exception_check().unwrap_or(false) {
        let _ = env.exception_describe();
        let _ = env.exception_clear();
    }
    result.map_err(|e| e.to_string())
}

fn string(env: &mut JNIEnv, obj: JObject) -> JniResult<String> {
    Ok(env.get_string(&JString::from(obj))?.into())
}

/// `Context.getFilesDir()`: the app's private folder.
pub fn files_dir() -> Result<PathBuf, String> {
    with_activity(|env, activity| {
        let dir = env
            .call_method(activity, "getFilesDir", "()Ljava/io/File;", &[])?
            .l()?;
        let path = env
            .call_method(&dir, "getAbsolutePath", "()Ljava/lang/String;", &[])?
            .l()?;
        Ok(PathBuf::from(string(env, path)?))
    })
}

fn app_class<'a>(env: &mut JNIEnv<'a>, activity: &JObject, name: &str) -> JniResult<JClass<'a>> {
    let loader = env
        .call_method(activity, "getClassLoader", "()Ljava/lang/ClassLoader;", &[])?
        .l()?;
    let name = env.new_string(name)?;
    let class = env
        .call_method(
            &loader,
            "loadClass",
            "(Ljava/lang/String;)Ljava/lang/Class;",
            &[JValue::Object(&name)],
        )?
        .l()?;
    Ok(JClass::from(class))
}

/// Hands the proof to a PDF viewer (`ACTION_VIEW`) or the share sheet
/// (`ACTION_SEND`) through the app's FileProvider
/// (`android/paspor-platform/…/ProofShare.kt`).
pub fn hand_over(req: &ShareRequest) -> Result<(), String> {
    let outcome = with_activity(|env, activity| {
        let class = app_class(env, activity, super::share::ANDROID_HELPER_CLASS)?;
        let helper = env.new_object(
            &class,
            "(Landroid/app/Activity;)V",
            &[JValue::Object(activity)],
        )?;
        let path = env.new_string(req.path.to_string_lossy())?;
        let mime = env.new_string(req.mime)?;
        let title = env.new_string(&req.title)?;
        let method = match req.action {
            ProofAction::Open => "open",
            ProofAction::Share => "share",
        };
        let error = env
            .call_method(
                &helper,
                method,
                "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
                &[
                    JValue::Object(&path),
                    JValue::Object(&mime),
                    JValue::Object(&title),
                ],
            )?
            .l()?;
        string(env, error)
    })?;
    if outcome.is_empty() {
        Ok(())
    } else {
        Err(outcome)
    }
}

/// `MainActivity.onDeepLink(url)`: the intent's data at a cold start and on
/// every `onNewIntent` (the activity is `singleTask`).
#[unsafe(no_mangle)]
pub extern "system" fn Java_dev_dioxus_main_MainActivity_onDeepLink(
    mut env: JNIEnv,
    _activity: JObject,
    url: JString,
) {
    if let Ok(url) = env.get_string(&url) {
        super::links::deliver_url(&String::from(url));
    }
}

/// `MainActivity.onBackNative()`: true when the app goes back a screen
/// itself, false to let Android close the activity as on a root screen.
#[unsafe(no_mangle)]
pub extern "system" fn Java_dev_dioxus_main_MainActivity_onBackNative(
    _env: JNIEnv,
    _activity: JObject,
) -> jboolean {
    super::links::back_pressed() as jboolean
}
