// android/paspor-platform: Paspor's own Android parts, bundled by dx 0.7.10
// as a Gradle module of the generated project (see `#[manganis::ffi]` in
// src/platform/android.rs): the FileProvider's paths, the backup rules, the
// launcher icon and launch screen, and the proof's share helper in Kotlin.
// dx removes the plugin versions below and uses its own (AGP 8.7, Kotlin 2.0).
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "id.paspor.platform"
    compileSdk = 34

    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    kotlinOptions {
        jvmTarget = "17"
    }
}

dependencies {
    // FileProvider; the app already has it through appcompat.
    implementation("androidx.core:core:1.13.1")
}
