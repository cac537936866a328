//! The seed incidents as evidence bundles (`examples/incidents/`): each ranks
//! its expected cause first with the key evidence in the report, the reports
//! are stable (insta snapshots), valid GitHub Markdown, and the ranking does
//! not depend on the order the sources listed things in.

use crate::support::Triage;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Each seed, the cause it must rank first, and facts its report must show.
const SEEDS: [(&str, &str, &[&str]); 5] = [
    (
        "000-sms-retry-storm",
        "downstream-rate-limited",
        &["298427", "certificate-problem", "expired"],
    ),
    (
        "001-cors-config-crashloop",
        "bad-rollout",
        &["ConfigMap", "CrashLoopBackOff", "0 of"],
    ),
    (
        "002-db-pool-exhaustion",
        "db-connection-exhaustion",
        &["98", "24", "idle in transaction"],
    ),
    (
        "003-integration-flood",
        "traffic-surge",
        &["social-analytics-sync", "13x the baseline"],
    ),
    (
        "004-lb-weight-imbalance",
        "load-imbalance",
        &["api-1 takes 84.2% of the traffic", "OOMKilled"],
    ),
];

fn bundle(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/incidents/{name}.json"))
}

fn replay(name: &str, format: &str) -> crate::support::Outcome {
    Triage::new()
        .args(["investigate", "-o", format])
        .arg_path("--replay", &bundle(name))
        .run()
}

#[test]
fn each_seed_ranks_its_cause_first_with_the_key_evidence() {
    for (name, cause, facts) in SEEDS {
        let outcome = replay(name, "json");
        assert_eq!(outcome.code, 2, "{name}: {}", outcome.stderr);
        let report: Value = serde_json::from_str(&outcome.stdout).unwrap();
        let top = &report["hypotheses"][0];
        assert_eq!(
            top["cause"],
            cause,
            "{name}: ranking {:#?}",
            ranking(&report)
        );
        assert_eq!(top["level"], "high", "{name}: {top:#}");
        let markdown = replay(name, "markdown").stdout;
        for fact in facts {
            assert!(markdown.contains(fact), "{name}: the report lacks {fact:?}");
        }
    }
}

fn ranking(report: &Value) -> Vec<String> {
    report["hypotheses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{} {} {}", h["cause"], h["subject"], h["confidence"]))
        .collect()
}

#[test]
fn the_expired_provider_certificate_is_its_own_hypothesis_in_000() {
    let report: Value =
        serde_json::from_str(&replay("000-sms-retry-storm", "json").stdout).unwrap();
    let certificate = report["hypotheses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["cause"] == "certificate-problem")
        .expect("a certificate-problem hypothesis");
    assert!(
        certificate["summary"].as_str().unwrap().contains("expired"),
        "{certificate:#}"
    );
}

#[test]
fn the_reports_are_stable() {
    for (name, _, _) in SEEDS {
        insta::assert_snapshot!(format!("{name}.md"), replay(name, "markdown").stdout);
        insta::assert_snapshot!(format!("{name}.json"), replay(name, "json").stdout);
    }
}

#[test]
fn the_markdown_is_valid_github_markdown() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    for (name, _, _) in SEEDS {
        let markdown = replay(name, "markdown").stdout;
        assert!(
            !markdown.contains('\u{1b}'),
            "{name}: ANSI escape in the report"
        );
        // Every fence opened is closed (an odd count would swallow the rest of the report).
        let fences = markdown
            .lines()
            .filter(|line| line.trim_start().starts_with("```"))
            .count();
        assert_eq!(fences % 2, 0, "{name}: unbalanced code fences");
        let (mut columns, mut cells, mut in_table) = (0, 0, false);
        let mut tables = 0;
        for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Table(alignments)) => {
                    columns = alignments.len();
                    in_table = true;
                    tables += 1;
                }
                Event::End(TagEnd::Table) => in_table = false,
                Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => cells = 0,
                Event::Start(Tag::TableCell) => cells += 1,
                Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                    assert_eq!(
                        cells, columns,
                        "{name}: a table row with {cells} cells under {columns} columns"
                    );
                }
                _ => {}
            }
        }
        assert!(!in_table);
        assert!(
            tables >= 2,
            "{name}: the report should have its tables (service health, timeline, sources)"
        );
    }
}

/// Property: the report depends on what was observed, not on the order the
/// sources returned it in.
#[test]
fn the_ranking_does_not_depend_on_input_order() {
    let stores = triage::sources::tls::trust_stores::load(None)
        .unwrap()
        .stores;
    for (name, _, _) in SEEDS {
        let text = std::fs::read_to_string(bundle(name)).unwrap();
        let evidence = triage::evidence::Evidence::parse(&text).unwrap();
        let expected = serde_json::to_string(&triage::correlate::investigation::investigate(
            &evidence, &stores,
        ))
        .unwrap();
        for seed in 0..8 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let mut shuffled = evidence.clone();
            if let Some(prometheus) = &mut shuffled.prometheus {
                rng.shuffle(&mut prometheus.series);
                for series in &mut prometheus.series {
                    rng.shuffle(&mut series.series);
                }
            }
            for database in &mut shuffled.postgres {
                for sample in &mut database.snapshot.samples {
                    rng.shuffle(&mut sample.sessions);
                }
            }
            if let Some(prometheus) = &mut shuffled.prometheus {
                rng.shuffle(&mut prometheus.alerts);
            }
            rng.shuffle(&mut shuffled.postgres);
            if let Some(cluster) = &mut shuffled.kubernetes {
                rng.shuffle(&mut cluster.nodes);
                rng.shuffle(&mut cluster.hpas);
                rng.shuffle(&mut cluster.statefulsets);
                rng.shuffle(&mut cluster.daemonsets);
                rng.shuffle(&mut cluster.pods);
                rng.shuffle(&mut cluster.events);
                rng.shuffle(&mut cluster.replicasets);
                rng.shuffle(&mut cluster.deployments);
                rng.shuffle(&mut cluster.configmaps);
            }
            rng.shuffle(&mut shuffled.tls);
            rng.shuffle(&mut shuffled.topology);
            let got = serde_json::to_string(&triage::correlate::investigation::investigate(
                &shuffled, &stores,
            ))
            .unwrap();
            assert!(got == expected, "{name}: shuffle {seed} changed the report");
        }
    }
}
