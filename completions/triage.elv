
use builtin;
use str;

set edit:completion:arg-completer[triage] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'triage'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'triage'= {
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand config 'Check the config file and, with --connect, that every source answers'
            cand prom 'Ask Prometheus: service health, what fired, raw queries'
            cand pg 'Ask PostgreSQL: connection usage, blocking chains, long transactions'
            cand k8s 'Ask Kubernetes: failing pods, recent rollouts and what changed, warning events'
            cand investigate 'Ask every configured source at once and rank the probable root causes into a Markdown incident report (or replay a recorded evidence bundle)'
            cand certs 'Check TLS certificates of endpoints and files: expiry of every certificate in the chain, trust, host name, missing intermediates, weak keys; made for cron and Nagios'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;config'= {
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;config;check'= {
            cand --prometheus 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]'
            cand --postgres 'PostgreSQL connection string (postgres://… or key=value); repeat for several databases'
            cand --kubeconfig 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]'
            cand --context 'Kubeconfig context, as for kubectl'
            cand -n 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --namespace 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --tls 'TLS endpoint a service depends on (host:port); repeat for several'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --connect 'Also try each configured source once (reachability and authentication)'
            cand --insecure-skip-verify 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)'
            cand -A 'All namespaces'
            cand --all-namespaces 'All namespaces'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;config;help'= {
            cand check 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;config;help;check'= {
        }
        &'triage;config;help;help'= {
        }
        &'triage;prom'= {
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand health 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service'
            cand alerts 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped'
            cand query 'Run a PromQL query yourself: instant, or over a range with --since/--from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;prom;health'= {
            cand --service 'Only this service (the value of the service label, or a service from the config)'
            cand --since 'How far back the window reaches from now (or from --to)'
            cand --from 'Window start, RFC 3339 (2026-11-21T09:00:00Z)'
            cand --to 'Window end, RFC 3339 [default: now]'
            cand --baseline 'Length of the baseline window that ends where the window starts [default: the window''s length]'
            cand --prometheus 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --insecure-skip-verify 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;prom;alerts'= {
            cand --since 'How far back the window reaches from now (or from --to)'
            cand --from 'Window start, RFC 3339 (2026-11-21T09:00:00Z)'
            cand --to 'Window end, RFC 3339 [default: now]'
            cand --group-within 'Alerts that start within this time of each other and share a label are one group'
            cand --prometheus 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --insecure-skip-verify 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;prom;query'= {
            cand --since 'How far back the window reaches from now (or from --to)'
            cand --from 'Window start, RFC 3339 (2026-11-21T09:00:00Z)'
            cand --to 'Window end, RFC 3339 [default: now]'
            cand --step 'Resolution of a range query [default: the range / 120, at least 15s]'
            cand --prometheus 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --insecure-skip-verify 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;prom;help'= {
            cand health 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service'
            cand alerts 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped'
            cand query 'Run a PromQL query yourself: instant, or over a range with --since/--from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;prom;help;health'= {
        }
        &'triage;prom;help;alerts'= {
        }
        &'triage;prom;help;query'= {
        }
        &'triage;prom;help;help'= {
        }
        &'triage;pg'= {
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand connections 'Connection usage against the usable limit, by state, user, application and client'
            cand locks 'Sessions waiting on locks, drawn as trees under the session that holds them'
            cand activity 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;pg;connections'= {
            cand --postgres 'PostgreSQL connection string (postgres://… or key=value), completed from libpq''s PG* variables and ~/.pgpass; repeat for several databases [default: the config''s databases, else libpq''s environment, as psql]'
            cand --db 'Only the config''s databases with these names'
            cand --samples 'Look this many times, --interval apart, to tell a stuck session from a busy one'
            cand --interval 'Time between samples'
            cand --query-length 'Characters of query text shown (the server truncates it too)'
            cand --warn-connections 'Connection usage that is a WARNING, in percent of the usable connections'
            cand --crit-connections 'Connection usage that is CRITICAL'
            cand --crit-blocked-for 'A lock wait this long is CRITICAL (any wait is a WARNING)'
            cand --long 'A query running, or a session idle in a transaction, this long is listed and a WARNING'
            cand --replication-lag 'A replica replaying this far behind the primary is a WARNING'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --redact-queries 'Replace literals in query text by ? (query text can carry personal data into a postmortem)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;pg;locks'= {
            cand --postgres 'PostgreSQL connection string (postgres://… or key=value), completed from libpq''s PG* variables and ~/.pgpass; repeat for several databases [default: the config''s databases, else libpq''s environment, as psql]'
            cand --db 'Only the config''s databases with these names'
            cand --samples 'Look this many times, --interval apart, to tell a stuck session from a busy one'
            cand --interval 'Time between samples'
            cand --query-length 'Characters of query text shown (the server truncates it too)'
            cand --warn-connections 'Connection usage that is a WARNING, in percent of the usable connections'
            cand --crit-connections 'Connection usage that is CRITICAL'
            cand --crit-blocked-for 'A lock wait this long is CRITICAL (any wait is a WARNING)'
            cand --long 'A query running, or a session idle in a transaction, this long is listed and a WARNING'
            cand --replication-lag 'A replica replaying this far behind the primary is a WARNING'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --redact-queries 'Replace literals in query text by ? (query text can carry personal data into a postmortem)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;pg;activity'= {
            cand --postgres 'PostgreSQL connection string (postgres://… or key=value), completed from libpq''s PG* variables and ~/.pgpass; repeat for several databases [default: the config''s databases, else libpq''s environment, as psql]'
            cand --db 'Only the config''s databases with these names'
            cand --samples 'Look this many times, --interval apart, to tell a stuck session from a busy one'
            cand --interval 'Time between samples'
            cand --query-length 'Characters of query text shown (the server truncates it too)'
            cand --warn-connections 'Connection usage that is a WARNING, in percent of the usable connections'
            cand --crit-connections 'Connection usage that is CRITICAL'
            cand --crit-blocked-for 'A lock wait this long is CRITICAL (any wait is a WARNING)'
            cand --long 'A query running, or a session idle in a transaction, this long is listed and a WARNING'
            cand --replication-lag 'A replica replaying this far behind the primary is a WARNING'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --all 'List every session, not only those past --long'
            cand --redact-queries 'Replace literals in query text by ? (query text can carry personal data into a postmortem)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;pg;help'= {
            cand connections 'Connection usage against the usable limit, by state, user, application and client'
            cand locks 'Sessions waiting on locks, drawn as trees under the session that holds them'
            cand activity 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;pg;help;connections'= {
        }
        &'triage;pg;help;locks'= {
        }
        &'triage;pg;help;activity'= {
        }
        &'triage;pg;help;help'= {
        }
        &'triage;k8s'= {
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand pods 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers'
            cand rollouts 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing'
            cand events 'Warning events inside the window, grouped by object and reason, with counts and first/last seen'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;k8s;pods'= {
            cand --kubeconfig 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]'
            cand --context 'Kubeconfig context, as for kubectl'
            cand -n 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --namespace 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --all 'List every pod, not only those with a problem'
            cand -A 'All namespaces'
            cand --all-namespaces 'All namespaces'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;k8s;rollouts'= {
            cand --since 'How far back to look'
            cand --kubeconfig 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]'
            cand --context 'Kubeconfig context, as for kubectl'
            cand -n 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --namespace 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -A 'All namespaces'
            cand --all-namespaces 'All namespaces'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;k8s;events'= {
            cand --since 'How far back to look'
            cand --kubeconfig 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]'
            cand --context 'Kubeconfig context, as for kubectl'
            cand -n 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --namespace 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -A 'All namespaces'
            cand --all-namespaces 'All namespaces'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;k8s;help'= {
            cand pods 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers'
            cand rollouts 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing'
            cand events 'Warning events inside the window, grouped by object and reason, with counts and first/last seen'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;k8s;help;pods'= {
        }
        &'triage;k8s;help;rollouts'= {
        }
        &'triage;k8s;help;events'= {
        }
        &'triage;k8s;help;help'= {
        }
        &'triage;investigate'= {
            cand --service 'The service the incident is about (a service label value, or a service of the config)'
            cand --since 'How far back the window reaches from now (or from --to)'
            cand --from 'Window start, RFC 3339 (2026-11-21T09:00:00Z)'
            cand --to 'Window end, RFC 3339 [default: now]'
            cand --baseline 'Length of the baseline window that ends where the window starts [default: the window''s length]'
            cand --prometheus 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]'
            cand --postgres 'PostgreSQL connection string (postgres://… or key=value); repeat for several databases'
            cand --kubeconfig 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]'
            cand --context 'Kubeconfig context, as for kubectl'
            cand -n 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --namespace 'Kubernetes namespace; repeat for several [default: the context''s]'
            cand --tls 'TLS endpoint a service depends on (host:port); repeat for several'
            cand --output-file 'Write the report to FILE instead of stdout (-o/--output is the format, as in kubectl)'
            cand --record 'Save everything collected to FILE, an evidence bundle (triage.evidence/v1), for the postmortem and for --replay'
            cand --replay 'Analyse a recorded evidence bundle instead of asking the sources (no network)'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --insecure-skip-verify 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)'
            cand -A 'All namespaces'
            cand --all-namespaces 'All namespaces'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;certs'= {
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Fetch each endpoint''s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;certs;check'= {
            cand -f 'Read endpoints from FILE, one per line (see below); repeatable, - for stdin'
            cand --file 'Read endpoints from FILE, one per line (see below); repeatable, - for stdin'
            cand --cert-file 'Certificate files or directories on disk (PEM chains or DER) to check; repeatable'
            cand --sni 'Server name to send (SNI) and check the certificate against, instead of the host'
            cand --connect-to 'Connect to this address instead of resolving the host: one backend behind a balancer'
            cand --starttls 'STARTTLS protocol: smtp, imap, pop3, ftp, ldap, postgres, mysql, or none [default: from the port: 25/587 smtp, 143 imap, 110 pop3, 21 ftp, 389 ldap, 5432 postgres, 3306 mysql]'
            cand --ca-file 'Also trust the CA certificates in this PEM file (a private CA); certificate files are judged for trust only when it is given'
            cand --warn 'A certificate expiring within this is a WARNING: a duration (30d) or a share of its lifetime left (33%), for short-lived certificates'
            cand --crit 'A certificate expiring within this is CRITICAL'
            cand --unknown-as 'What a target that could not be checked counts as'
            cand --concurrency 'Connections in flight at once'
            cand --connect-timeout 'Time to open a TCP connection'
            cand --handshake-timeout 'Time for the STARTTLS exchange and the TLS handshake (--timeout bounds the whole run)'
            cand --push-gateway 'Also push the result (the `-o prometheus` metrics) to this Pushgateway: PUT URL/metrics/job/JOB replaces the job''s group, so a removed target disappears'
            cand --push-job 'The job label of the pushed group (one per CronJob or cluster)'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --first-address-only 'Only the first address of each name, instead of every address it resolves to'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;certs;help'= {
            cand check 'Fetch each endpoint''s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;certs;help;check'= {
        }
        &'triage;certs;help;help'= {
        }
        &'triage;completions'= {
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand -v 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More logging on stderr (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr, and only the result on stdout'
            cand --quiet 'Only errors on stderr, and only the result on stdout'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'triage;help'= {
            cand config 'Check the config file and, with --connect, that every source answers'
            cand prom 'Ask Prometheus: service health, what fired, raw queries'
            cand pg 'Ask PostgreSQL: connection usage, blocking chains, long transactions'
            cand k8s 'Ask Kubernetes: failing pods, recent rollouts and what changed, warning events'
            cand investigate 'Ask every configured source at once and rank the probable root causes into a Markdown incident report (or replay a recorded evidence bundle)'
            cand certs 'Check TLS certificates of endpoints and files: expiry of every certificate in the chain, trust, host name, missing intermediates, weak keys; made for cron and Nagios'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;help;config'= {
            cand check 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
        }
        &'triage;help;config;check'= {
        }
        &'triage;help;prom'= {
            cand health 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service'
            cand alerts 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped'
            cand query 'Run a PromQL query yourself: instant, or over a range with --since/--from'
        }
        &'triage;help;prom;health'= {
        }
        &'triage;help;prom;alerts'= {
        }
        &'triage;help;prom;query'= {
        }
        &'triage;help;pg'= {
            cand connections 'Connection usage against the usable limit, by state, user, application and client'
            cand locks 'Sessions waiting on locks, drawn as trees under the session that holds them'
            cand activity 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder'
        }
        &'triage;help;pg;connections'= {
        }
        &'triage;help;pg;locks'= {
        }
        &'triage;help;pg;activity'= {
        }
        &'triage;help;k8s'= {
            cand pods 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers'
            cand rollouts 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing'
            cand events 'Warning events inside the window, grouped by object and reason, with counts and first/last seen'
        }
        &'triage;help;k8s;pods'= {
        }
        &'triage;help;k8s;rollouts'= {
        }
        &'triage;help;k8s;events'= {
        }
        &'triage;help;investigate'= {
        }
        &'triage;help;certs'= {
            cand check 'Fetch each endpoint''s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem'
        }
        &'triage;help;certs;check'= {
        }
        &'triage;help;completions'= {
        }
        &'triage;help;help'= {
        }
    ]
    $completions[$command]
}
