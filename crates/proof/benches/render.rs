//! Rendering a five-applicant proof: `cargo bench -p paspor-proof --bench render`.

use criterion::{Criterion, criterion_group, criterion_main};
use paspor_proof::{ProofInput, render};

fn five_applicants(c: &mut Criterion) {
    let input = ProofInput::example();
    assert_eq!(input.applicants.len(), 5);
    c.bench_function("render 5-applicant proof", |b| {
        b.iter(|| render(std::hint::black_box(&input)).unwrap())
    });
}

criterion_group!(benches, five_applicants);
criterion_main!(benches);
