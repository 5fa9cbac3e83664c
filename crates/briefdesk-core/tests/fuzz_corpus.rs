//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the same checks the
//! cargo-fuzz targets run (`briefdesk_core::fuzzing`), on stable Rust and without libFuzzer, so
//! every seed and every crash found and fixed stays checked in `cargo test`.

use std::path::{Path, PathBuf};

use briefdesk_core::fuzzing;

/// What a fuzz target does with one input.
type Target = fn(&[u8]);

/// The fuzz targets, each with the function it runs.
const TARGETS: [(&str, Target); 8] = [
    ("import_text", fuzzing::import_text),
    ("import_markdown", fuzzing::import_markdown),
    ("import_json", fuzzing::import_json),
    ("import_bookmarks", fuzzing::import_bookmarks),
    ("import_csv", fuzzing::import_csv),
    ("import_rich", fuzzing::import_rich),
    ("render_markdown", fuzzing::render_markdown),
    ("import_export", fuzzing::import_and_export),
];

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_passes_its_target() {
    for (target, run) in TARGETS {
        let files = corpus(target);
        assert!(files.len() >= 5, "only {} seeds for {target}", files.len());
        for file in files {
            let data = std::fs::read(&file).expect("a seed file");
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target} failed on {}", file.display());
        }
    }
}

/// Every importer's seeds go through the whole pipeline too: imported, then exported in every
/// format.
#[test]
fn import_seeds_survive_import_and_export() {
    for target in [
        "import_text",
        "import_markdown",
        "import_json",
        "import_bookmarks",
        "import_csv",
        "import_rich",
    ] {
        for file in corpus(target) {
            let data = std::fs::read(&file).expect("a seed file");
            let outcome = std::panic::catch_unwind(|| fuzzing::import_and_export(&data));
            assert!(
                outcome.is_ok(),
                "import_export failed on {}",
                file.display()
            );
        }
    }
}
