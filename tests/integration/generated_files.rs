//! Completions and man pages are generated from the clap definition and
//! committed; this fails when they are stale and says how to regenerate them.

use std::path::Path;

#[test]
fn generated_files_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("TRIAGE_BLESS").is_some_and(|value| value == "1");
    let mut stale = Vec::new();
    for (relative, content) in triage::generated::files() {
        let path = root.join(&relative);
        if std::fs::read(&path).ok().as_deref() == Some(content.as_slice()) {
            continue;
        }
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &content).unwrap();
        } else {
            stale.push(relative.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files: {}\nregenerate them with: {}",
        stale.join(", "),
        triage::generated::REGENERATE_COMMAND
    );
}

#[test]
fn every_subcommand_has_a_man_page_documenting_exit_codes() {
    let files = triage::generated::files();
    let pages: Vec<String> = files
        .iter()
        .filter(|(path, _)| path.starts_with("man"))
        .map(|(path, _)| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "triage.1",
        "triage-config.1",
        "triage-config-check.1",
        "triage-completions.1",
    ] {
        assert!(
            pages.contains(&expected.to_string()),
            "missing {expected} in {pages:?}"
        );
    }
    let main_page = &files
        .iter()
        .find(|(path, _)| path.ends_with("triage.1"))
        .unwrap()
        .1;
    assert!(
        String::from_utf8_lossy(main_page).contains("UNKNOWN"),
        "the man page documents exit codes"
    );
}
