//! The kinds of Kubernetes findings, named once: views choose findings and
//! exit codes by these.

pub const CRASH_LOOP: &str = "crash_loop";
pub const OOM_KILLED: &str = "oom_killed";
pub const IMAGE_PULL: &str = "image_pull_failure";
pub const CONTAINER_CONFIG: &str = "container_config_error";
pub const PROBE_FAILURE: &str = "probe_failure";
pub const UNSCHEDULABLE: &str = "unschedulable";
pub const EVICTED: &str = "evicted";
pub const NO_AVAILABLE_REPLICAS: &str = "no_available_replicas";
pub const ROLLOUT_STALLED: &str = "rollout_stalled";
pub const WORKLOAD_NOT_READY: &str = "workload_not_ready";
pub const NODE_NOT_READY: &str = "node_not_ready";
pub const NODE_PRESSURE: &str = "node_pressure";
pub const HPA_AT_MAX: &str = "hpa_at_max";
pub const BAD_ROLLOUT: &str = "rollout_followed_by_failures";
pub const WARNING_EVENTS: &str = "warning_events";
