//! Bahasa Indonesia first, English on request. Every message exists in both
//! languages by construction: the table is one macro call, and a missing
//! translation does not compile.

use dioxus::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "ID",
            Lang::En => "EN",
        }
    }
}

macro_rules! messages {
    ($($key:ident => $id:literal, $en:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($key),* }
        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match self {
                    $(Msg::$key => match lang { Lang::Id => $id, Lang::En => $en },)*
                }
            }
        }
    };
}

messages! {
    AppTitle => "Layanan Paspor Online", "Online Passport Service";
    AppSubtitle => "Direktorat Jenderal Imigrasi", "Directorate General of Immigration";
    LoginTitle => "Masuk", "Sign in";
    LoginId => "Username atau e-mail", "Username or e-mail";
    Password => "Password", "Password";
    LoginButton => "LOGIN", "LOG IN";
    ForgotPassword => "Lupa password?", "Forgot password?";
    NoAccount => "Belum Punya Akun ?", "No account yet?";
    RegisterNow => "Daftar Sekarang", "Register now";
    ShowPassword => "Tampilkan", "Show";
    HidePassword => "Sembunyikan", "Hide";
    Required => "Wajib diisi", "Required";
    ErrLoginId => "Masukkan username atau e-mail yang valid", "Enter a valid username or e-mail";
    ErrName => "Nama hanya berisi huruf, spasi, dan . , ' -", "A name holds letters, spaces and . , ' - only";
    ErrNik => "NIK harus 16 digit sesuai KTP", "The NIK must be the 16 digits on the KTP";
    ErrKk => "Nomor KK harus 16 digit", "The KK number must be 16 digits";
    ErrDate => "Tanggal tidak valid", "Not a valid date";
    ErrPassportNumber => "Nomor paspor tidak valid", "Not a valid passport number";
    PrevMonth => "Bulan sebelumnya", "Previous month";
    NextMonth => "Bulan berikutnya", "Next month";
    DayAvailable => "Kuota tersedia", "Quota available";
    DayFull => "Kuota habis", "Quota used up";
    DayNotReleased => "Kuota belum dibuka", "Quota not yet released";
    DayClosed => "Libur / tutup", "Holiday / closed";
    ErrEmail => "Alamat e-mail tidak valid", "Not a valid e-mail address";
    ErrUsername => "3–30 huruf kecil, angka, titik atau garis bawah, diawali huruf", "3–30 lower-case letters, digits, dots or underscores, starting with a letter";
    ErrPhone => "Nomor HP tidak valid (contoh 0812 3456 7890)", "Not a valid phone number (e.g. +62 812 3456 7890)";
    ErrPasswordShort => "Password minimal 8 karakter", "Passwords have at least 8 characters";
    ErrPasswordMismatch => "Konfirmasi password tidak sama", "The passwords do not match";
    Back => "Kembali", "Back";
    // In the language it switches to: for whoever cannot read this one.
    SwitchLanguage => "Switch to English", "Ganti ke Bahasa Indonesia";
    DatePlaceholder => "HH/BB/TTTT", "DD/MM/YYYY";
    Next => "LANJUT", "NEXT";
    Continue => "LANJUT", "CONTINUE";
    Menu => "Menu", "Menu";
    Loading => "Memuat…", "Loading…";
    LoadFailed => "Gagal memuat", "Could not load";
    Retry => "COBA LAGI", "TRY AGAIN";
    ErrOffline => "Server tidak dapat dihubungi. Periksa koneksi internet Anda.", "The server cannot be reached. Check your internet connection.";
    ErrUnexpected => "Terjadi kesalahan. Silakan coba lagi.", "Something went wrong. Please try again.";
    ErrEmailTaken => "E-mail sudah terdaftar", "This e-mail is already registered";
    ErrUsernameTaken => "Username sudah dipakai", "This username is taken";
    ErrNikTaken => "NIK sudah terdaftar", "This NIK is already registered";
    ErrDeviceRegistered => "Perangkat ini sudah dipakai mendaftar akun lain", "This device has already registered an account";
    ErrCredentials => "Username/e-mail atau password salah", "Wrong username/e-mail or password";
    ErrInactive => "Akun belum diaktifkan. Periksa e-mail Anda.", "The account is not activated yet. Check your e-mail.";
    ErrRateLimited => "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.", "Too many attempts. Wait a moment and try again.";
    ErrBusy => "Server sedang sibuk. Tunggu sebentar lalu coba lagi.", "The server is busy. Wait a moment and try again.";
    ShedWaiting => "Server sedang sibuk melayani banyak pengguna. Permintaan Anda tersimpan dan akan dikirim ulang otomatis", "The server is busy serving many people. Your request is kept and will be sent again by itself";
    ShedRetryIn => "dalam", "in";
    ShedSeconds => "detik", "s";
    ShedAttempt => "percobaan", "attempt";
    ErrIdempotencyMismatch => "Permintaan ini berbeda dari yang sudah dikirim. Mulai pemesanan lagi.", "This request differs from the one already sent. Start the booking again.";
    ErrCode => "Kode atau tautan salah atau sudah kedaluwarsa", "The code or link is wrong or has expired";
    ErrCodeFormat => "Kode aktivasi terdiri dari 6 angka", "The activation code has 6 digits";
    ErrWrongPassword => "Password saat ini salah", "The current password is wrong";
    ErrSlotFull => "Kuota sesi ini baru saja habis. Pilih sesi lain.", "This session just filled up. Choose another.";
    ErrDayNotBookable => "Tanggal ini tidak dapat dipilih", "This day cannot be booked";
    ErrNikBooked => "Salah satu pemohon sudah memiliki antrian aktif", "One of the applicants already holds an active booking";
    ErrConsentRequired => "Pemilik NIK ini punya akun sendiri: minta persetujuannya lewat Tautan Keluarga dulu", "This NIK's owner has an account: ask for their consent through a family link first";
    ErrTooSoon => "Antrian baru dapat diambil satu bulan setelah jadwal sebelumnya", "A new booking is possible one month after the previous appointment";
    ErrCancelDeadline => "Batas waktu pembatalan sudah lewat", "The cancellation deadline has passed";
    ErrNotSameKk => "Pemohon lain harus satu Kartu Keluarga dengan Anda", "Other applicants must be on your family card";
    ErrSessionExpired => "Sesi berakhir. Silakan login kembali.", "Your session has ended. Please log in again.";
    ErrPhoto => "Foto tidak dapat dibaca (JPEG atau PNG)", "The photo could not be read (JPEG or PNG)";
    ErrNationality => "Kode negara 3 huruf, misalnya IDN", "A 3-letter country code, e.g. IDN";
    ErrStayOrder => "Tanggal akhir sebelum tanggal mulai", "The end is before the start";
    ErrValidation => "Periksa kembali data yang diisi", "Please check the data you entered";
    ErrInvalid => "Isian tidak valid", "Not a valid value";
    ErrTooLong => "Isian terlalu panjang", "This is too long";
    ErrPasswordLong => "Password maksimal 128 karakter", "Passwords have at most 128 characters";
    ErrNotFound => "Data tidak ditemukan", "Not found";
    ErrNoOnlineQuota => "Kantor ini belum membuka kuota online. Pilih kantor lain.", "This office has no online quota. Choose another.";
    ErrAlreadyCancelled => "Antrian ini sudah dibatalkan", "This booking is already cancelled";
    ErrApplicantCount => "Satu antrian untuk 1 sampai 5 pemohon", "One booking holds 1 to 5 applicants";
    ErrFirstApplicant => "Pemohon pertama harus pemilik akun", "The first applicant must be the account owner";
    ErrRelationMissing => "Pilih hubungan setiap pemohon lain dengan pemilik akun", "Choose how every other applicant is related to the account owner";
    ErrOwnerRelation => "Pemilik akun tidak memerlukan hubungan", "The account owner needs no relation";
    ErrDuplicateApplicant => "NIK yang sama tercantum dua kali", "The same NIK is listed twice";
    ErrSlotNotOnDate => "Sesi ini tidak ada pada tanggal itu. Pilih sesi lagi.", "That session is not on that day. Choose a session again.";
    RegisterTitle => "Daftar Akun", "Create an account";
    RegisterButton => "DAFTAR", "REGISTER";
    FullName => "Nama lengkap (sesuai KTP)", "Full name (as on the KTP)";
    Nik => "NIK (nomor KTP)", "NIK (KTP number)";
    FamilyTitle => "Tautan Keluarga", "Family links";
    FamilyButton => "TAUTAN KELUARGA", "FAMILY LINKS";
    FamilyExplain => "Anggota keluarga yang punya akun sendiri harus menyetujui di aplikasinya sebelum NIK-nya dipakai dalam antrian Anda. Anggota tanpa akun tidak perlu persetujuan.", "A relative with an account of their own must agree in their app before their NIK goes into your booking. Relatives without an account need no consent.";
    FamilyIncomingTitle => "Permintaan untuk NIK Anda", "Requests for your NIK";
    FamilyIncomingNone => "Belum ada yang meminta memakai NIK Anda.", "Nobody has asked to use your NIK.";
    FamilyOutgoingTitle => "NIK keluarga yang Anda minta", "Relatives' NIKs you asked for";
    FamilyOutgoingNone => "Belum ada permintaan.", "No requests yet.";
    FamilyWaitsForYou => "menunggu persetujuan Anda", "waiting for your consent";
    FamilyPending => "Belum disetujui (atau NIK ini tidak punya akun)", "Not agreed yet (or this NIK has no account)";
    FamilyAccepted => "Disetujui", "Agreed";
    FamilyAccept => "SETUJUI", "AGREE";
    FamilyDecline => "TOLAK", "DECLINE";
    FamilyWithdraw => "CABUT", "WITHDRAW";
    FamilyRemove => "HAPUS", "REMOVE";
    FamilyAskTitle => "Minta persetujuan", "Ask for consent";
    FamilyAskHint => "NIK anggota keluarga, 16 digit", "Your relative's NIK, 16 digits";
    FamilyAskButton => "MINTA", "ASK";
    FamilyAsked => "Permintaan dikirim. Jika NIK ini punya akun, pemiliknya diberi tahu lewat e-mail.", "Request sent. If this NIK has an account, its owner is told by e-mail.";
    NikHint => "16 digit, tertera di KTP", "16 digits, printed on the KTP";
    Kk => "Nomor Kartu Keluarga (KK)", "Family card (KK) number";
    BirthPlace => "Tempat lahir", "Place of birth";
    BirthDate => "Tanggal lahir", "Date of birth";
    BirthPlaceDate => "Tempat, tanggal lahir", "Place and date of birth";
    Sex => "Jenis kelamin", "Sex";
    Male => "Laki-laki", "Male";
    Female => "Perempuan", "Female";
    Email => "E-mail", "E-mail";
    Username => "Username", "Username";
    Phone => "Nomor HP", "Mobile number";
    PasswordHint => "Minimal 8 karakter", "At least 8 characters";
    PasswordConfirm => "Ulangi password", "Repeat the password";
    NikMismatchTitle => "Data NIK berbeda", "The NIK says otherwise";
    NikDateMismatch => "Tanggal lahir di NIK berbeda dengan yang Anda isi.", "The birth date in the NIK differs from the one you entered.";
    NikSexMismatch => "Jenis kelamin di NIK berbeda dengan yang Anda pilih.", "The sex in the NIK differs from the one you chose.";
    NikMismatchConfirm => "Data saya sudah benar sesuai dokumen", "My data are correct as on my documents";
    ActivateTitle => "Aktivasi Akun", "Activate your account";
    CheckEmail => "Periksa e-mail Anda", "Check your e-mail";
    CheckEmailBody => "Kami mengirim kode aktivasi dan tautan. Buka tautan itu, atau ketik kodenya di sini.", "We sent an activation code and a link. Open the link, or type the code here.";
    ActivationCode => "Kode aktivasi", "Activation code";
    ActivateButton => "AKTIFKAN", "ACTIVATE";
    ActivateNow => "Aktifkan akun", "Activate the account";
    ActivateByCode => "Aktifkan dengan kode", "Activate with the code";
    ResendCode => "Kirim ulang kode", "Send the code again";
    CodeResent => "Kode baru telah dikirim", "A new code is on its way";
    Activated => "Akun aktif", "Account activated";
    ActivatedBody => "Silakan login dengan username atau e-mail Anda.", "Log in with your username or e-mail.";
    ForgotTitle => "Lupa Password", "Forgot password";
    ForgotBody => "Masukkan e-mail atau username akun Anda. Kami akan mengirim tautan untuk membuat password baru.", "Enter your account's e-mail or username. We will send a link to set a new password.";
    ForgotSentTitle => "Permintaan terkirim", "Request sent";
    ForgotSentBody => "Jika akun itu ada, e-mail berisi tautan reset sudah dikirim. Tautan berlaku 1 jam.", "If that account exists, an e-mail with a reset link is on its way. The link works for 1 hour.";
    Send => "KIRIM", "SEND";
    BackToLogin => "Kembali ke login", "Back to login";
    NotFound => "Halaman tidak ditemukan", "Page not found";
    Welcome => "Selamat datang,", "Welcome,";
    MenuHome => "Beranda", "Home";
    MenuAccount => "Akun Saya", "My account";
    MenuQueue => "Antrian Paspor", "Passport queue";
    MenuSchedules => "Jadwal Antrian", "My schedules";
    MenuLaporDiri => "Lapor Diri", "Report presence";
    MenuInformation => "Informasi", "Information";
    MenuGuide => "Panduan Penggunaan", "User guide";
    Logout => "Logout", "Log out";
    TileQueue => "Ambil nomor antrian di kantor imigrasi", "Book an appointment at an immigration office";
    TileSchedules => "Lihat, batalkan, simpan bukti", "View, cancel, save the proof";
    TileLaporDiri => "Bagi WNI di luar negeri", "For Indonesians abroad";
    TileInformation => "Persyaratan, biaya, prosedur", "Requirements, fees, procedure";
    TileGuide => "Cara memakai aplikasi", "How to use the app";
    ChooseOffice => "Pilih kantor imigrasi", "Choose an immigration office";
    SearchOffice => "Cari kantor atau kota", "Search office or city";
    QuotaOpen => "Kuota online tersedia", "Online quota open";
    QuotaClosed => "Kuota online belum tersedia", "No online quota yet";
    ApplicantCount => "Jumlah pemohon", "Number of applicants";
    ChooseDate => "Pilih tanggal yang berwarna hijau", "Choose a green day";
    ChooseSlot => "Pilih sesi", "Choose a session";
    NotEnoughPlaces => "Sisa tempat di sesi ini kurang dari jumlah pemohon", "This session has fewer places left than applicants";
    PlacesLeft => "tempat tersisa", "places left";
    SaveEachApplicant => "Isi dan SIMPAN data setiap pemohon", "Fill in and SAVE every applicant";
    Applicant => "Pemohon", "Applicant";
    You => "Anda", "you";
    Saved => "Tersimpan", "Saved";
    NotSaved => "Belum disimpan", "Not saved";
    SaveButton => "SIMPAN", "SAVE";
    Relation => "Hubungan dengan pemilik akun", "Relation to the account owner";
    Father => "Ayah", "Father";
    Mother => "Ibu", "Mother";
    Husband => "Suami", "Husband";
    Wife => "Istri", "Wife";
    Child => "Anak", "Child";
    ApplicationType => "Jenis permohonan", "Type of application";
    NewPassport => "Paspor baru", "New passport";
    Renewal => "Penggantian / perpanjangan", "Renewal / replacement";
    OldPassport => "Paspor lama", "Old passport";
    OldPassportBody => "Isi sesuai halaman data paspor lama Anda.", "Fill in as on the old passport's data page.";
    PassportNumber => "Nomor paspor", "Passport number";
    PassportExpiry => "Berlaku sampai", "Valid until";
    Office => "Kantor", "Office";
    Date => "Tanggal", "Date";
    Session => "Sesi", "Session";
    CheckApplicants => "Periksa kembali data pemohon", "Check the applicants' data again";
    NoBookings => "Belum ada jadwal antrian.", "No bookings yet.";
    BookNow => "AMBIL ANTRIAN", "BOOK NOW";
    ApplicantsCount => "pemohon", "applicant(s)";
    ClickHere => "KLIK DISINI", "DETAILS";
    StatusActive => "Aktif", "Active";
    StatusCancelled => "Dibatalkan", "Cancelled";
    StatusDone => "Selesai", "Done";
    CancelUntil => "Batas pembatalan", "Cancel until";
    CancelButton => "BATALKAN", "CANCEL BOOKING";
    CancelConfirm => "Batalkan antrian ini? Tempat akan dikembalikan ke kuota.", "Cancel this booking? Its places go back to the quota.";
    YesCancel => "YA, BATALKAN", "YES, CANCEL";
    No => "TIDAK", "NO";
    BackToSchedules => "Kembali ke jadwal", "Back to my schedules";
    ChangePhoto => "Ketuk untuk mengganti foto", "Tap to change the photo";
    ChangePasswordButton => "UBAH PASSWORD", "CHANGE PASSWORD";
    EditButton => "UBAH", "EDIT";
    NikImmutable => "NIK tidak dapat diubah", "The NIK cannot be changed";
    CurrentPassword => "Password saat ini", "Current password";
    NewPassword => "Password baru", "New password";
    PasswordChanged => "Password berhasil diubah", "Password changed";
    PassportData => "Data paspor", "Passport data";
    LaporManualHint => "Isi sesuai halaman data paspor, lalu periksa kembali.", "Fill in as on the passport's data page, then check it.";
    Surname => "Nama keluarga", "Surname";
    SurnameHint => "Kosongkan jika nama Anda satu kata", "Leave empty if your name is one word";
    GivenNames => "Nama", "Given names";
    Nationality => "Kewarganegaraan", "Nationality";
    StayAbroad => "Tempat tinggal di luar negeri", "Where you stay abroad";
    Country => "Negara", "Country";
    City => "Kota", "City";
    Address => "Alamat", "Address";
    StayFrom => "Tinggal sejak", "Staying from";
    StayUntil => "Sampai", "Until";
    ConfirmData => "Saya sudah memeriksa data di atas", "I have checked the data above";
    LaporButton => "LAPOR DIRI", "REPORT";
    InsecureStore => "Penyimpanan rahasia perangkat ini tidak dapat dipakai, jadi login Anda tidak disimpan: setelah aplikasi ditutup, Anda perlu login lagi.", "This device's secret store cannot be used, so your login is not kept: after the app closes you will need to log in again.";
    SavePdf => "SIMPAN PDF", "SAVE PDF";
    PdfSaved => "Bukti antrian tersimpan di:", "The booking proof is saved at:";
    OpenPdf => "BUKA PDF", "OPEN PDF";
    SharePdf => "BAGIKAN", "SHARE";
    SharePdfTitle => "Bukti antrian paspor", "Passport appointment proof";
    ErrSavePdf => "PDF tidak dapat disimpan", "The PDF could not be saved";
    StepOffice => "Kantor", "Office";
    StepSchedule => "Jadwal", "Schedule";
    StepApplicants => "Pemohon", "Applicants";
    StepReview => "Periksa", "Review";
    // Passport scan (R-MRZ-1, SPEC §9 and §14).
    ScanButton => "PINDAI PASPOR", "SCAN PASSPORT";
    ScanTitle => "Pindai paspor", "Scan passport";
    ScanExplainTitle => "Kamera untuk membaca paspor", "The camera reads your passport";
    ScanExplainBody => "Paspor memakai kamera untuk membaca dua baris kode (MRZ) di bagian bawah halaman data paspor Anda, lalu mengisi formulir.", "Paspor uses the camera to read the two lines of code (MRZ) at the bottom of your passport's data page, and fills in the form.";
    ScanPrivacy => "Gambar diproses di perangkat ini saja: tidak disimpan dan tidak dikirim ke mana pun.", "Pictures are processed on this device only: they are neither saved nor sent anywhere.";
    ScanExplainNext => "Setelah ini ponsel akan meminta izin kamera.", "Your phone will ask for camera permission next.";
    ScanAllow => "IZINKAN KAMERA", "ALLOW THE CAMERA";
    ScanByHand => "Isi manual saja", "Enter it by hand";
    ScanOpening => "Membuka kamera…", "Opening the camera…";
    ScanAim => "Arahkan kamera ke halaman data paspor: dua baris kode di bawah harus masuk ke bingkai.", "Point the camera at the passport's data page, with the two lines of code at the bottom inside the frame.";
    ScanReading => "Membaca… tahan posisi", "Reading… hold still";
    ScanProgress => "Kemajuan membaca kode paspor", "Progress reading the passport code";
    ScanHoldSteady => "Tahan ponsel agar tidak goyang", "Hold the phone steady";
    ScanMoreLight => "Terlalu gelap: cari tempat yang lebih terang", "Too dark: find more light";
    ScanMoveCloser => "Dekatkan kamera ke paspor", "Move the camera closer";
    ScanNotFoundTitle => "Kode paspor tidak ditemukan", "No passport code found";
    ScanNotFoundBody => "Buka halaman data paspor (halaman dengan foto), letakkan di tempat datar yang terang, dan pastikan dua baris kode <<< terlihat utuh di dalam bingkai.", "Open the passport at its data page (the one with the photo), lay it flat in good light, and keep both lines of <<< code whole inside the frame.";
    ScanDoneTitle => "Paspor terbaca", "Passport read";
    ScanDoneBody => "Semua digit pemeriksa cocok. Periksa data ini; Anda masih dapat mengoreksinya di formulir.", "Every check digit matches. Check these data; you can still correct them in the form.";
    ScanUse => "PAKAI DATA INI", "USE THESE DATA";
    ScanReadAgain => "BACA ULANG", "READ AGAIN";
    ScanDeniedTitle => "Akses kamera ditolak", "Camera access refused";
    ScanDeniedBody => "Anda dapat mengisi data paspor secara manual. Untuk memindai, izinkan kamera untuk Paspor di Pengaturan ponsel, lalu coba lagi.", "You can type the passport data instead. To scan, allow the camera for Paspor in the phone's Settings, then try again.";
    ScanNoCameraTitle => "Kamera tidak tersedia", "No camera available";
    ScanNoCameraBody => "Perangkat ini tidak memiliki kamera yang dapat dipakai. Isi data paspor secara manual.", "This device has no camera that can be used. Type the passport data instead.";
    ScanFailedTitle => "Kamera tidak dapat dibuka", "The camera could not be opened";
    ScanFilled => "Diisi dari MRZ paspor (semua digit pemeriksa cocok). Periksa kembali.", "Filled from the passport's MRZ (every check digit matched). Please check.";
    ScanUnspecified => "Tidak disebutkan", "Not specified";
}

/// The current language, shared by every screen, and told to the page
/// (`<html lang>`), so screen readers pronounce it and spell checkers know.
pub fn provide_language() -> Signal<Lang> {
    let lang = use_context_provider(|| Signal::new(Lang::default()));
    use_effect(move || {
        let code = match lang() {
            Lang::Id => "id",
            Lang::En => "en",
        };
        document::eval(&format!("document.documentElement.lang = '{code}';"));
    });
    lang
}

pub fn use_lang() -> Signal<Lang> {
    use_context::<Signal<Lang>>()
}

/// Translates with the current language; reading it subscribes the caller, so
/// a language switch re-renders every screen.
pub fn use_t() -> impl Fn(Msg) -> &'static str + Copy {
    let lang = use_lang();
    move |m: Msg| m.text(lang())
}
