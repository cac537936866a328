
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'triage' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'triage'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'triage' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check the config file and, with --connect, that every source answers')
            [CompletionResult]::new('prom', 'prom', [CompletionResultType]::ParameterValue, 'Ask Prometheus: service health, what fired, raw queries')
            [CompletionResult]::new('pg', 'pg', [CompletionResultType]::ParameterValue, 'Ask PostgreSQL: connection usage, blocking chains, long transactions')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Ask Kubernetes: failing pods, recent rollouts and what changed, warning events')
            [CompletionResult]::new('investigate', 'investigate', [CompletionResultType]::ParameterValue, 'Ask every configured source at once and rank the probable root causes into a Markdown incident report (or replay a recorded evidence bundle)')
            [CompletionResult]::new('certs', 'certs', [CompletionResultType]::ParameterValue, 'Check TLS certificates of endpoints and files: expiry of every certificate in the chain, trust, host name, missing intermediates, weak keys; made for cron and Nagios')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;config;check' {
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]')
            [CompletionResult]::new('--postgres', '--postgres', [CompletionResultType]::ParameterName, 'PostgreSQL connection string (postgres://… or key=value); repeat for several databases')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context, as for kubectl')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'TLS endpoint a service depends on (host:port); repeat for several')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--connect', '--connect', [CompletionResultType]::ParameterName, 'Also try each configured source once (reachability and authentication)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;config;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;config;help;check' {
            break
        }
        'triage;config;help;help' {
            break
        }
        'triage;prom' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Run a PromQL query yourself: instant, or over a range with --since/--from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;prom;health' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only this service (the value of the service label, or a service from the config)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back the window reaches from now (or from --to)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Window start, RFC 3339 (2026-11-21T09:00:00Z)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Window end, RFC 3339 [default: now]')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Length of the baseline window that ends where the window starts [default: the window''s length]')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;prom;alerts' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back the window reaches from now (or from --to)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Window start, RFC 3339 (2026-11-21T09:00:00Z)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Window end, RFC 3339 [default: now]')
            [CompletionResult]::new('--group-within', '--group-within', [CompletionResultType]::ParameterName, 'Alerts that start within this time of each other and share a label are one group')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;prom;query' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back the window reaches from now (or from --to)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Window start, RFC 3339 (2026-11-21T09:00:00Z)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Window end, RFC 3339 [default: now]')
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'Resolution of a range query [default: the range / 120, at least 15s]')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;prom;help' {
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Run a PromQL query yourself: instant, or over a range with --since/--from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;prom;help;health' {
            break
        }
        'triage;prom;help;alerts' {
            break
        }
        'triage;prom;help;query' {
            break
        }
        'triage;prom;help;help' {
            break
        }
        'triage;pg' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'Connection usage against the usable limit, by state, user, application and client')
            [CompletionResult]::new('locks', 'locks', [CompletionResultType]::ParameterValue, 'Sessions waiting on locks, drawn as trees under the session that holds them')
            [CompletionResult]::new('activity', 'activity', [CompletionResultType]::ParameterValue, 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;pg;connections' {
            [CompletionResult]::new('--postgres', '--postgres', [CompletionResultType]::ParameterName, 'PostgreSQL connection string (postgres://… or key=value), completed from libpq''s PG* variables and ~/.pgpass; repeat for several databases [default: the config''s databases, else libpq''s environment, as psql]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Only the config''s databases with these names')
            [CompletionResult]::new('--samples', '--samples', [CompletionResultType]::ParameterName, 'Look this many times, --interval apart, to tell a stuck session from a busy one')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between samples')
            [CompletionResult]::new('--query-length', '--query-length', [CompletionResultType]::ParameterName, 'Characters of query text shown (the server truncates it too)')
            [CompletionResult]::new('--warn-connections', '--warn-connections', [CompletionResultType]::ParameterName, 'Connection usage that is a WARNING, in percent of the usable connections')
            [CompletionResult]::new('--crit-connections', '--crit-connections', [CompletionResultType]::ParameterName, 'Connection usage that is CRITICAL')
            [CompletionResult]::new('--crit-blocked-for', '--crit-blocked-for', [CompletionResultType]::ParameterName, 'A lock wait this long is CRITICAL (any wait is a WARNING)')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'A query running, or a session idle in a transaction, this long is listed and a WARNING')
            [CompletionResult]::new('--replication-lag', '--replication-lag', [CompletionResultType]::ParameterName, 'A replica replaying this far behind the primary is a WARNING')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--redact-queries', '--redact-queries', [CompletionResultType]::ParameterName, 'Replace literals in query text by ? (query text can carry personal data into a postmortem)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;pg;locks' {
            [CompletionResult]::new('--postgres', '--postgres', [CompletionResultType]::ParameterName, 'PostgreSQL connection string (postgres://… or key=value), completed from libpq''s PG* variables and ~/.pgpass; repeat for several databases [default: the config''s databases, else libpq''s environment, as psql]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Only the config''s databases with these names')
            [CompletionResult]::new('--samples', '--samples', [CompletionResultType]::ParameterName, 'Look this many times, --interval apart, to tell a stuck session from a busy one')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between samples')
            [CompletionResult]::new('--query-length', '--query-length', [CompletionResultType]::ParameterName, 'Characters of query text shown (the server truncates it too)')
            [CompletionResult]::new('--warn-connections', '--warn-connections', [CompletionResultType]::ParameterName, 'Connection usage that is a WARNING, in percent of the usable connections')
            [CompletionResult]::new('--crit-connections', '--crit-connections', [CompletionResultType]::ParameterName, 'Connection usage that is CRITICAL')
            [CompletionResult]::new('--crit-blocked-for', '--crit-blocked-for', [CompletionResultType]::ParameterName, 'A lock wait this long is CRITICAL (any wait is a WARNING)')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'A query running, or a session idle in a transaction, this long is listed and a WARNING')
            [CompletionResult]::new('--replication-lag', '--replication-lag', [CompletionResultType]::ParameterName, 'A replica replaying this far behind the primary is a WARNING')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--redact-queries', '--redact-queries', [CompletionResultType]::ParameterName, 'Replace literals in query text by ? (query text can carry personal data into a postmortem)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;pg;activity' {
            [CompletionResult]::new('--postgres', '--postgres', [CompletionResultType]::ParameterName, 'PostgreSQL connection string (postgres://… or key=value), completed from libpq''s PG* variables and ~/.pgpass; repeat for several databases [default: the config''s databases, else libpq''s environment, as psql]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Only the config''s databases with these names')
            [CompletionResult]::new('--samples', '--samples', [CompletionResultType]::ParameterName, 'Look this many times, --interval apart, to tell a stuck session from a busy one')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between samples')
            [CompletionResult]::new('--query-length', '--query-length', [CompletionResultType]::ParameterName, 'Characters of query text shown (the server truncates it too)')
            [CompletionResult]::new('--warn-connections', '--warn-connections', [CompletionResultType]::ParameterName, 'Connection usage that is a WARNING, in percent of the usable connections')
            [CompletionResult]::new('--crit-connections', '--crit-connections', [CompletionResultType]::ParameterName, 'Connection usage that is CRITICAL')
            [CompletionResult]::new('--crit-blocked-for', '--crit-blocked-for', [CompletionResultType]::ParameterName, 'A lock wait this long is CRITICAL (any wait is a WARNING)')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'A query running, or a session idle in a transaction, this long is listed and a WARNING')
            [CompletionResult]::new('--replication-lag', '--replication-lag', [CompletionResultType]::ParameterName, 'A replica replaying this far behind the primary is a WARNING')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every session, not only those past --long')
            [CompletionResult]::new('--redact-queries', '--redact-queries', [CompletionResultType]::ParameterName, 'Replace literals in query text by ? (query text can carry personal data into a postmortem)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;pg;help' {
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'Connection usage against the usable limit, by state, user, application and client')
            [CompletionResult]::new('locks', 'locks', [CompletionResultType]::ParameterValue, 'Sessions waiting on locks, drawn as trees under the session that holds them')
            [CompletionResult]::new('activity', 'activity', [CompletionResultType]::ParameterValue, 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;pg;help;connections' {
            break
        }
        'triage;pg;help;locks' {
            break
        }
        'triage;pg;help;activity' {
            break
        }
        'triage;pg;help;help' {
            break
        }
        'triage;k8s' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pods', 'pods', [CompletionResultType]::ParameterValue, 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers')
            [CompletionResult]::new('rollouts', 'rollouts', [CompletionResultType]::ParameterValue, 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Warning events inside the window, grouped by object and reason, with counts and first/last seen')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;k8s;pods' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context, as for kubectl')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every pod, not only those with a problem')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;k8s;rollouts' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back to look')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context, as for kubectl')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;k8s;events' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back to look')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context, as for kubectl')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;k8s;help' {
            [CompletionResult]::new('pods', 'pods', [CompletionResultType]::ParameterValue, 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers')
            [CompletionResult]::new('rollouts', 'rollouts', [CompletionResultType]::ParameterValue, 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Warning events inside the window, grouped by object and reason, with counts and first/last seen')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;k8s;help;pods' {
            break
        }
        'triage;k8s;help;rollouts' {
            break
        }
        'triage;k8s;help;events' {
            break
        }
        'triage;k8s;help;help' {
            break
        }
        'triage;investigate' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service the incident is about (a service label value, or a service of the config)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back the window reaches from now (or from --to)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Window start, RFC 3339 (2026-11-21T09:00:00Z)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Window end, RFC 3339 [default: now]')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Length of the baseline window that ends where the window starts [default: the window''s length]')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]')
            [CompletionResult]::new('--postgres', '--postgres', [CompletionResultType]::ParameterName, 'PostgreSQL connection string (postgres://… or key=value); repeat for several databases')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context, as for kubectl')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Kubernetes namespace; repeat for several [default: the context''s]')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'TLS endpoint a service depends on (host:port); repeat for several')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout (-o/--output is the format, as in kubectl)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Save everything collected to FILE, an evidence bundle (triage.evidence/v1), for the postmortem and for --replay')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'Analyse a recorded evidence bundle instead of asking the sources (no network)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Don''t verify Prometheus'' TLS certificate (only when you must; prefer ca_file in the config)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;certs' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Fetch each endpoint''s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;certs;check' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read endpoints from FILE, one per line (see below); repeatable, - for stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read endpoints from FILE, one per line (see below); repeatable, - for stdin')
            [CompletionResult]::new('--cert-file', '--cert-file', [CompletionResultType]::ParameterName, 'Certificate files or directories on disk (PEM chains or DER) to check; repeatable')
            [CompletionResult]::new('--sni', '--sni', [CompletionResultType]::ParameterName, 'Server name to send (SNI) and check the certificate against, instead of the host')
            [CompletionResult]::new('--connect-to', '--connect-to', [CompletionResultType]::ParameterName, 'Connect to this address instead of resolving the host: one backend behind a balancer')
            [CompletionResult]::new('--starttls', '--starttls', [CompletionResultType]::ParameterName, 'STARTTLS protocol: smtp, imap, pop3, ftp, ldap, postgres, mysql, or none [default: from the port: 25/587 smtp, 143 imap, 110 pop3, 21 ftp, 389 ldap, 5432 postgres, 3306 mysql]')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Also trust the CA certificates in this PEM file (a private CA); certificate files are judged for trust only when it is given')
            [CompletionResult]::new('--warn', '--warn', [CompletionResultType]::ParameterName, 'A certificate expiring within this is a WARNING: a duration (30d) or a share of its lifetime left (33%), for short-lived certificates')
            [CompletionResult]::new('--crit', '--crit', [CompletionResultType]::ParameterName, 'A certificate expiring within this is CRITICAL')
            [CompletionResult]::new('--unknown-as', '--unknown-as', [CompletionResultType]::ParameterName, 'What a target that could not be checked counts as')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Connections in flight at once')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Time to open a TCP connection')
            [CompletionResult]::new('--handshake-timeout', '--handshake-timeout', [CompletionResultType]::ParameterName, 'Time for the STARTTLS exchange and the TLS handshake (--timeout bounds the whole run)')
            [CompletionResult]::new('--push-gateway', '--push-gateway', [CompletionResultType]::ParameterName, 'Also push the result (the `-o prometheus` metrics) to this Pushgateway: PUT URL/metrics/job/JOB replaces the job''s group, so a removed target disappears')
            [CompletionResult]::new('--push-job', '--push-job', [CompletionResultType]::ParameterName, 'The job label of the pushed group (one per CronJob or cluster)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('--first-address-only', '--first-address-only', [CompletionResultType]::ParameterName, 'Only the first address of each name, instead of every address it resolves to')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;certs;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Fetch each endpoint''s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;certs;help;check' {
            break
        }
        'triage;certs;help;help' {
            break
        }
        'triage;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; each subcommand says which it supports')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for the whole run (for example 30s, 2m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr, and only the result on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'triage;help' {
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check the config file and, with --connect, that every source answers')
            [CompletionResult]::new('prom', 'prom', [CompletionResultType]::ParameterValue, 'Ask Prometheus: service health, what fired, raw queries')
            [CompletionResult]::new('pg', 'pg', [CompletionResultType]::ParameterValue, 'Ask PostgreSQL: connection usage, blocking chains, long transactions')
            [CompletionResult]::new('k8s', 'k8s', [CompletionResultType]::ParameterValue, 'Ask Kubernetes: failing pods, recent rollouts and what changed, warning events')
            [CompletionResult]::new('investigate', 'investigate', [CompletionResultType]::ParameterValue, 'Ask every configured source at once and rank the probable root causes into a Markdown incident report (or replay a recorded evidence bundle)')
            [CompletionResult]::new('certs', 'certs', [CompletionResultType]::ParameterValue, 'Check TLS certificates of endpoints and files: expiry of every certificate in the chain, trust, host name, missing intermediates, weak keys; made for cron and Nagios')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;help;config' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted')
            break
        }
        'triage;help;config;check' {
            break
        }
        'triage;help;prom' {
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Run a PromQL query yourself: instant, or over a range with --since/--from')
            break
        }
        'triage;help;prom;health' {
            break
        }
        'triage;help;prom;alerts' {
            break
        }
        'triage;help;prom;query' {
            break
        }
        'triage;help;pg' {
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'Connection usage against the usable limit, by state, user, application and client')
            [CompletionResult]::new('locks', 'locks', [CompletionResultType]::ParameterValue, 'Sessions waiting on locks, drawn as trees under the session that holds them')
            [CompletionResult]::new('activity', 'activity', [CompletionResultType]::ParameterValue, 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder')
            break
        }
        'triage;help;pg;connections' {
            break
        }
        'triage;help;pg;locks' {
            break
        }
        'triage;help;pg;activity' {
            break
        }
        'triage;help;k8s' {
            [CompletionResult]::new('pods', 'pods', [CompletionResultType]::ParameterValue, 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers')
            [CompletionResult]::new('rollouts', 'rollouts', [CompletionResultType]::ParameterValue, 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Warning events inside the window, grouped by object and reason, with counts and first/last seen')
            break
        }
        'triage;help;k8s;pods' {
            break
        }
        'triage;help;k8s;rollouts' {
            break
        }
        'triage;help;k8s;events' {
            break
        }
        'triage;help;investigate' {
            break
        }
        'triage;help;certs' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Fetch each endpoint''s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem')
            break
        }
        'triage;help;certs;check' {
            break
        }
        'triage;help;completions' {
            break
        }
        'triage;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
