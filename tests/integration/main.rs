//! One integration-test binary: every test runs the real `triage` binary
//! against real servers started by `support`.

mod support;

mod bad_input;
mod cert_lab;
mod certs;
mod cli_errors;
mod config_check;
mod connect;
mod deploy;
mod fault_matrix;
mod fuzz_regressions;
mod generated_files;
mod incidents;
mod investigate;
mod k8s;
mod kube_fixture;
mod pg;
mod pg_tls;
mod prom;
mod prom_faults;
mod pushgateway;
mod real_servers;
