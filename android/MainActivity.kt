// Paspor's activity, used by dx instead of its own (Dioxus.toml:
// android_main_activity). dx 0.7.10's is `class MainActivity : WryActivity()`;
// this one adds the two things only the activity can see: the links that open
// the app, and the back button. Both are handed to Rust
// (src/platform/android.rs), which answers for the app's router.
package dev.dioxus.main

import android.content.Intent
import android.os.Bundle
import androidx.activity.OnBackPressedCallback

typealias BuildConfig = id.paspor.app.BuildConfig

class MainActivity : WryActivity() {
    // The webview's history is empty (the app routes in Rust), so wry's own
    // back handling would close the app from any screen.
    override val handleBackNavigation: Boolean = false

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // A link that started the app; not again when Android re-creates
        // the activity, which would replay it.
        if (savedInstanceState == null) deliver(intent)
        onBackPressedDispatcher.addCallback(this, object : OnBackPressedCallback(true) {
            override fun handleOnBackPressed() {
                if (!onBackNative()) {
                    // A root screen: let Android do what it does (close).
                    isEnabled = false
                    onBackPressedDispatcher.onBackPressed()
                    isEnabled = true
                }
            }
        })
    }

    // singleTask: a link opened while the app runs arrives here.
    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        setIntent(intent)
        deliver(intent)
    }

    private fun deliver(intent: Intent?) {
        if (intent?.action == Intent.ACTION_VIEW) {
            intent.dataString?.let { onDeepLink(it) }
        }
    }

    private external fun onDeepLink(url: String)
    private external fun onBackNative(): Boolean
}
