//! Writes the example proof to a file: `cargo run -p paspor-proof --example example_proof -- out.pdf`.

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bukti-antrian-example.pdf".into());
    let pdf = paspor_proof::render(&paspor_proof::ProofInput::example()).expect("render");
    std::fs::write(&out, pdf).expect("write");
    println!("{out}");
}
