package id.paspor.platform

import android.app.Activity
import android.content.ClipData
import android.content.Intent
import android.net.Uri
import androidx.core.content.FileProvider
import java.io.File

/**
 * Hands a saved booking proof to a PDF viewer or to the share sheet through
 * the app's FileProvider, so no other app needs storage access and nothing
 * is copied to shared storage. Called from Rust (src/platform/android.rs),
 * which has already checked the file is a PDF in the proofs folder; each
 * method answers "" or, for the user, what went wrong.
 */
class ProofShare(private val activity: Activity) {
    private val authority = activity.packageName + ".proofs"

    fun open(path: String, mime: String, title: String): String = start(path, title) { uri ->
        Intent(Intent.ACTION_VIEW).setDataAndType(uri, mime)
    }

    fun share(path: String, mime: String, title: String): String = start(path, title) { uri ->
        Intent(Intent.ACTION_SEND)
            .setType(mime)
            .putExtra(Intent.EXTRA_STREAM, uri)
            .also { it.clipData = ClipData.newRawUri("", uri) }
    }

    private fun start(path: String, title: String, intentFor: (Uri) -> Intent): String =
        try {
            val uri = FileProvider.getUriForFile(activity, authority, File(path))
            val intent = intentFor(uri).addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
            activity.startActivity(
                Intent.createChooser(intent, title).addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
            )
            ""
        } catch (e: Exception) {
            e.message ?: e.javaClass.simpleName
        }
}
