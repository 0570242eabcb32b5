//! Seed data: immigration offices and the 2026 national holidays and cuti
//! bersama, inserted idempotently on start. The quota of their days is
//! [`crate::quota`]'s.

use crate::db::Db;

/// (id, name, city, address, zone, online quota). Kantor Imigrasi addresses
/// as published by the Directorate General of Immigration. A few offices have
/// no online quota, as in the real service (R-Q-1).
pub const OFFICES: &[(i64, &str, &str, &str, &str, bool)] = &[
    (
        1,
        "Kantor Imigrasi Kelas I Khusus TPI Jakarta Selatan",
        "Jakarta Selatan",
        "Jl. Warung Buncit Raya No. 207, Mampang Prapatan",
        "wib",
        true,
    ),
    (
        2,
        "Kantor Imigrasi Kelas I Khusus Non TPI Jakarta Pusat",
        "Jakarta Pusat",
        "Jl. Merpati Blok B-12 No. 3, Kemayoran",
        "wib",
        true,
    ),
    (
        3,
        "Kantor Imigrasi Kelas I Non TPI Jakarta Barat",
        "Jakarta Barat",
        "Jl. Pos Kota No. 4, Kota Tua",
        "wib",
        true,
    ),
    (
        4,
        "Kantor Imigrasi Kelas I Non TPI Jakarta Timur",
        "Jakarta Timur",
        "Jl. Bekasi Timur Raya No. 169, Cipinang",
        "wib",
        true,
    ),
    (
        5,
        "Kantor Imigrasi Kelas I TPI Jakarta Utara",
        "Jakarta Utara",
        "Jl. Boulevard Bukit Gading Raya, Kelapa Gading",
        "wib",
        true,
    ),
    (
        6,
        "Kantor Imigrasi Kelas I Non TPI Tangerang",
        "Tangerang",
        "Jl. TMP Taruna No. 10, Sukaasih",
        "wib",
        true,
    ),
    (
        7,
        "Kantor Imigrasi Kelas II Non TPI Bekasi",
        "Bekasi",
        "Jl. Ir. H. Juanda No. 5, Bekasi Timur",
        "wib",
        true,
    ),
    (
        8,
        "Kantor Imigrasi Kelas II Non TPI Depok",
        "Depok",
        "Jl. Boulevard Grand Depok City, Kalimulya",
        "wib",
        true,
    ),
    (
        9,
        "Kantor Imigrasi Kelas I Non TPI Bogor",
        "Bogor",
        "Jl. Jend. Ahmad Yani No. 65, Tanah Sareal",
        "wib",
        true,
    ),
    (
        10,
        "Kantor Imigrasi Kelas I TPI Bandung",
        "Bandung",
        "Jl. Surapati No. 82, Sadang Serang",
        "wib",
        true,
    ),
    (
        11,
        "Kantor Imigrasi Kelas I TPI Semarang",
        "Semarang",
        "Jl. Siliwangi No. 514, Kembangarum",
        "wib",
        true,
    ),
    (
        12,
        "Kantor Imigrasi Kelas I TPI Yogyakarta",
        "Yogyakarta",
        "Jl. Laksda Adisucipto Km. 10, Maguwoharjo",
        "wib",
        true,
    ),
    (
        13,
        "Kantor Imigrasi Kelas I TPI Surakarta",
        "Surakarta",
        "Jl. Laksda Adisucipto No. 8, Colomadu",
        "wib",
        true,
    ),
    (
        14,
        "Kantor Imigrasi Kelas I Khusus TPI Surabaya",
        "Surabaya",
        "Jl. Letjend S. Parman No. 58A, Waru",
        "wib",
        true,
    ),
    (
        15,
        "Kantor Imigrasi Kelas I TPI Tanjung Perak",
        "Surabaya",
        "Jl. Darmo Indah No. 21, Tandes",
        "wib",
        true,
    ),
    (
        16,
        "Kantor Imigrasi Kelas I TPI Malang",
        "Malang",
        "Jl. Raden Panji Suroso No. 4, Blimbing",
        "wib",
        true,
    ),
    (
        17,
        "Kantor Imigrasi Kelas I Khusus TPI Medan",
        "Medan",
        "Jl. Gatot Subroto Km. 6,2 No. 268A",
        "wib",
        true,
    ),
    (
        18,
        "Kantor Imigrasi Kelas I Khusus TPI Batam",
        "Batam",
        "Jl. Engku Putri No. 3, Batam Centre",
        "wib",
        true,
    ),
    (
        19,
        "Kantor Imigrasi Kelas I TPI Pekanbaru",
        "Pekanbaru",
        "Jl. Teratai No. 87, Sukajadi",
        "wib",
        true,
    ),
    (
        20,
        "Kantor Imigrasi Kelas I TPI Padang",
        "Padang",
        "Jl. Khatib Sulaiman No. 50, Lolong Belanti",
        "wib",
        true,
    ),
    (
        21,
        "Kantor Imigrasi Kelas I TPI Palembang",
        "Palembang",
        "Jl. Perindustrian II No. 8, Km. 12",
        "wib",
        true,
    ),
    (
        22,
        "Kantor Imigrasi Kelas I TPI Bandar Lampung",
        "Bandar Lampung",
        "Jl. Diponegoro No. 24, Gotong Royong",
        "wib",
        true,
    ),
    (
        23,
        "Kantor Imigrasi Kelas I TPI Pontianak",
        "Pontianak",
        "Jl. Letjend Sutoyo, Parit Tokaya",
        "wib",
        true,
    ),
    (
        24,
        "Kantor Imigrasi Kelas I Khusus TPI Ngurah Rai",
        "Badung",
        "Jl. Raya Taman Jimbaran No. 1, Jimbaran",
        "wita",
        true,
    ),
    (
        25,
        "Kantor Imigrasi Kelas I TPI Denpasar",
        "Denpasar",
        "Jl. D.I. Panjaitan No. 3, Renon",
        "wita",
        true,
    ),
    (
        26,
        "Kantor Imigrasi Kelas I TPI Mataram",
        "Mataram",
        "Jl. Udayana No. 2, Mataram",
        "wita",
        true,
    ),
    (
        27,
        "Kantor Imigrasi Kelas I TPI Kupang",
        "Kupang",
        "Jl. Perintis Kemerdekaan No. 1, Kelapa Lima",
        "wita",
        true,
    ),
    (
        28,
        "Kantor Imigrasi Kelas I TPI Balikpapan",
        "Balikpapan",
        "Jl. Jend. Sudirman No. 23, Klandasan Ulu",
        "wita",
        true,
    ),
    (
        29,
        "Kantor Imigrasi Kelas I TPI Samarinda",
        "Samarinda",
        "Jl. Ir. H. Juanda No. 45, Air Hitam",
        "wita",
        true,
    ),
    (
        30,
        "Kantor Imigrasi Kelas I TPI Banjarmasin",
        "Banjarmasin",
        "Jl. Jend. Ahmad Yani Km. 5,5",
        "wita",
        true,
    ),
    (
        31,
        "Kantor Imigrasi Kelas I TPI Makassar",
        "Makassar",
        "Jl. Perintis Kemerdekaan Km. 13, Tamalanrea",
        "wita",
        true,
    ),
    (
        32,
        "Kantor Imigrasi Kelas I TPI Manado",
        "Manado",
        "Jl. 17 Agustus, Teling Atas",
        "wita",
        true,
    ),
    (
        33,
        "Kantor Imigrasi Kelas I TPI Ambon",
        "Ambon",
        "Jl. Dr. Kayadoe, Kudamati",
        "wit",
        true,
    ),
    (
        34,
        "Kantor Imigrasi Kelas I TPI Jayapura",
        "Jayapura",
        "Jl. Percetakan Negara No. 15, Gurabesi",
        "wit",
        true,
    ),
    (
        35,
        "Kantor Imigrasi Kelas II TPI Merauke",
        "Merauke",
        "Jl. Raya Mandala No. 1, Merauke",
        "wit",
        false,
    ),
    (
        36,
        "Kantor Imigrasi Kelas II TPI Sorong",
        "Sorong",
        "Jl. Ahmad Yani No. 70, Sorong",
        "wit",
        false,
    ),
];

/// National holidays and cuti bersama 2026 (SKB 3 Menteri), by date.
pub const HOLIDAYS_2026: &[(&str, &str, &str)] = &[
    ("2026-01-01", "Tahun Baru 2026 Masehi", "national"),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW", "national"),
    (
        "2026-02-16",
        "Cuti Bersama Tahun Baru Imlek",
        "cuti_bersama",
    ),
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili", "national"),
    ("2026-03-18", "Cuti Bersama Hari Suci Nyepi", "cuti_bersama"),
    (
        "2026-03-19",
        "Hari Suci Nyepi Tahun Baru Saka 1948",
        "national",
    ),
    ("2026-03-20", "Idul Fitri 1447 Hijriah", "national"),
    ("2026-03-21", "Idul Fitri 1447 Hijriah", "national"),
    ("2026-03-23", "Cuti Bersama Idul Fitri", "cuti_bersama"),
    ("2026-03-24", "Cuti Bersama Idul Fitri", "cuti_bersama"),
    ("2026-04-03", "Wafat Yesus Kristus", "national"),
    (
        "2026-04-05",
        "Kebangkitan Yesus Kristus (Paskah)",
        "national",
    ),
    ("2026-05-01", "Hari Buruh Internasional", "national"),
    ("2026-05-14", "Kenaikan Yesus Kristus", "national"),
    (
        "2026-05-15",
        "Cuti Bersama Kenaikan Yesus Kristus",
        "cuti_bersama",
    ),
    ("2026-05-27", "Idul Adha 1447 Hijriah", "national"),
    ("2026-05-28", "Cuti Bersama Idul Adha", "cuti_bersama"),
    ("2026-05-31", "Hari Raya Waisak 2570 BE", "national"),
    ("2026-06-01", "Hari Lahir Pancasila", "national"),
    ("2026-06-16", "Tahun Baru Islam 1448 Hijriah", "national"),
    (
        "2026-08-17",
        "Hari Kemerdekaan Republik Indonesia",
        "national",
    ),
    ("2026-08-25", "Maulid Nabi Muhammad SAW", "national"),
    ("2026-12-24", "Cuti Bersama Hari Raya Natal", "cuti_bersama"),
    ("2026-12-25", "Hari Raya Natal", "national"),
];

pub async fn seed(db: &Db) -> anyhow::Result<()> {
    for (id, name, city, address, tz, online) in OFFICES {
        sqlx::query(
            "INSERT INTO offices (id, name, city, address, time_zone, online_quota) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(*id)
        .bind(*name)
        .bind(*city)
        .bind(*address)
        .bind(*tz)
        .bind(i64::from(*online))
        .execute(&db.pool)
        .await?;
    }
    for (date, name, kind) in HOLIDAYS_2026 {
        sqlx::query("INSERT INTO holidays (date, name, kind) VALUES ($1, $2, $3) ON CONFLICT (date) DO NOTHING")
            .bind(*date)
            .bind(*name)
            .bind(*kind)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}
