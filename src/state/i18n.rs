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
}

/// The current language, shared by every screen.
pub fn provide_language() -> Signal<Lang> {
    use_context_provider(|| Signal::new(Lang::default()))
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
