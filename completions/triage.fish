# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_triage_global_optspecs
    string join \n config= env= o/output= timeout= v/verbose q/quiet no-color h/help V/version
end

function __fish_triage_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_triage_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_triage_using_subcommand
    set -l cmd (__fish_triage_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c triage -n "__fish_triage_needs_command" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_needs_command" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_needs_command" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_needs_command" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_needs_command" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_needs_command" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_needs_command" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_needs_command" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_needs_command" -f -a "config" -d 'Check the config file and, with --connect, that every source answers'
complete -c triage -n "__fish_triage_needs_command" -f -a "prom" -d 'Ask Prometheus: service health, what fired, raw queries'
complete -c triage -n "__fish_triage_needs_command" -f -a "pg" -d 'Ask PostgreSQL: connection usage, blocking chains, long transactions'
complete -c triage -n "__fish_triage_needs_command" -f -a "k8s" -d 'Ask Kubernetes: failing pods, recent rollouts and what changed, warning events'
complete -c triage -n "__fish_triage_needs_command" -f -a "investigate" -d 'Ask every configured source at once and rank the probable root causes into a Markdown incident report (or replay a recorded evidence bundle)'
complete -c triage -n "__fish_triage_needs_command" -f -a "certs" -d 'Check TLS certificates of endpoints and files: expiry of every certificate in the chain, trust, host name, missing intermediates, weak keys; made for cron and Nagios'
complete -c triage -n "__fish_triage_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c triage -n "__fish_triage_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l prometheus -d 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l postgres -d 'PostgreSQL connection string (postgres://… or key=value); repeat for several databases' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l kubeconfig -d 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]' -r -F
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l context -d 'Kubeconfig context, as for kubectl' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s n -l namespace -d 'Kubernetes namespace; repeat for several [default: the context\'s]' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l tls -d 'TLS endpoint a service depends on (host:port); repeat for several' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l connect -d 'Also try each configured source once (reachability and authentication)'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l insecure-skip-verify -d 'Don\'t verify Prometheus\' TLS certificate (only when you must; prefer ca_file in the config)'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s A -l all-namespaces -d 'All namespaces'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -f -a "health" -d 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -f -a "alerts" -d 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -f -a "query" -d 'Run a PromQL query yourself: instant, or over a range with --since/--from'
complete -c triage -n "__fish_triage_using_subcommand prom; and not __fish_seen_subcommand_from health alerts query help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l service -d 'Only this service (the value of the service label, or a service from the config)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l since -d 'How far back the window reaches from now (or from --to)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l from -d 'Window start, RFC 3339 (2026-11-21T09:00:00Z)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l to -d 'Window end, RFC 3339 [default: now]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l baseline -d 'Length of the baseline window that ends where the window starts [default: the window\'s length]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l prometheus -d 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l insecure-skip-verify -d 'Don\'t verify Prometheus\' TLS certificate (only when you must; prefer ca_file in the config)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from health" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l since -d 'How far back the window reaches from now (or from --to)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l from -d 'Window start, RFC 3339 (2026-11-21T09:00:00Z)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l to -d 'Window end, RFC 3339 [default: now]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l group-within -d 'Alerts that start within this time of each other and share a label are one group' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l prometheus -d 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l insecure-skip-verify -d 'Don\'t verify Prometheus\' TLS certificate (only when you must; prefer ca_file in the config)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from alerts" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l since -d 'How far back the window reaches from now (or from --to)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l from -d 'Window start, RFC 3339 (2026-11-21T09:00:00Z)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l to -d 'Window end, RFC 3339 [default: now]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l step -d 'Resolution of a range query [default: the range / 120, at least 15s]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l prometheus -d 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l insecure-skip-verify -d 'Don\'t verify Prometheus\' TLS certificate (only when you must; prefer ca_file in the config)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from query" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from help" -f -a "health" -d 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from help" -f -a "alerts" -d 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from help" -f -a "query" -d 'Run a PromQL query yourself: instant, or over a range with --since/--from'
complete -c triage -n "__fish_triage_using_subcommand prom; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -f -a "connections" -d 'Connection usage against the usable limit, by state, user, application and client'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -f -a "locks" -d 'Sessions waiting on locks, drawn as trees under the session that holds them'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -f -a "activity" -d 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder'
complete -c triage -n "__fish_triage_using_subcommand pg; and not __fish_seen_subcommand_from connections locks activity help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l postgres -d 'PostgreSQL connection string (postgres://… or key=value), completed from libpq\'s PG* variables and ~/.pgpass; repeat for several databases [default: the config\'s databases, else libpq\'s environment, as psql]' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l db -d 'Only the config\'s databases with these names' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l samples -d 'Look this many times, --interval apart, to tell a stuck session from a busy one' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l interval -d 'Time between samples' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l query-length -d 'Characters of query text shown (the server truncates it too)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l warn-connections -d 'Connection usage that is a WARNING, in percent of the usable connections' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l crit-connections -d 'Connection usage that is CRITICAL' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l crit-blocked-for -d 'A lock wait this long is CRITICAL (any wait is a WARNING)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l long -d 'A query running, or a session idle in a transaction, this long is listed and a WARNING' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l replication-lag -d 'A replica replaying this far behind the primary is a WARNING' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l redact-queries -d 'Replace literals in query text by ? (query text can carry personal data into a postmortem)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from connections" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l postgres -d 'PostgreSQL connection string (postgres://… or key=value), completed from libpq\'s PG* variables and ~/.pgpass; repeat for several databases [default: the config\'s databases, else libpq\'s environment, as psql]' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l db -d 'Only the config\'s databases with these names' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l samples -d 'Look this many times, --interval apart, to tell a stuck session from a busy one' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l interval -d 'Time between samples' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l query-length -d 'Characters of query text shown (the server truncates it too)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l warn-connections -d 'Connection usage that is a WARNING, in percent of the usable connections' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l crit-connections -d 'Connection usage that is CRITICAL' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l crit-blocked-for -d 'A lock wait this long is CRITICAL (any wait is a WARNING)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l long -d 'A query running, or a session idle in a transaction, this long is listed and a WARNING' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l replication-lag -d 'A replica replaying this far behind the primary is a WARNING' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l redact-queries -d 'Replace literals in query text by ? (query text can carry personal data into a postmortem)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from locks" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l postgres -d 'PostgreSQL connection string (postgres://… or key=value), completed from libpq\'s PG* variables and ~/.pgpass; repeat for several databases [default: the config\'s databases, else libpq\'s environment, as psql]' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l db -d 'Only the config\'s databases with these names' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l samples -d 'Look this many times, --interval apart, to tell a stuck session from a busy one' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l interval -d 'Time between samples' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l query-length -d 'Characters of query text shown (the server truncates it too)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l warn-connections -d 'Connection usage that is a WARNING, in percent of the usable connections' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l crit-connections -d 'Connection usage that is CRITICAL' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l crit-blocked-for -d 'A lock wait this long is CRITICAL (any wait is a WARNING)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l long -d 'A query running, or a session idle in a transaction, this long is listed and a WARNING' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l replication-lag -d 'A replica replaying this far behind the primary is a WARNING' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l all -d 'List every session, not only those past --long'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l redact-queries -d 'Replace literals in query text by ? (query text can carry personal data into a postmortem)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from activity" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from help" -f -a "connections" -d 'Connection usage against the usable limit, by state, user, application and client'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from help" -f -a "locks" -d 'Sessions waiting on locks, drawn as trees under the session that holds them'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from help" -f -a "activity" -d 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder'
complete -c triage -n "__fish_triage_using_subcommand pg; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -f -a "pods" -d 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -f -a "rollouts" -d 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -f -a "events" -d 'Warning events inside the window, grouped by object and reason, with counts and first/last seen'
complete -c triage -n "__fish_triage_using_subcommand k8s; and not __fish_seen_subcommand_from pods rollouts events help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -l kubeconfig -d 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]' -r -F
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -l context -d 'Kubeconfig context, as for kubectl' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -s n -l namespace -d 'Kubernetes namespace; repeat for several [default: the context\'s]' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -l all -d 'List every pod, not only those with a problem'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -s A -l all-namespaces -d 'All namespaces'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from pods" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -l since -d 'How far back to look' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -l kubeconfig -d 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]' -r -F
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -l context -d 'Kubeconfig context, as for kubectl' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -s n -l namespace -d 'Kubernetes namespace; repeat for several [default: the context\'s]' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -s A -l all-namespaces -d 'All namespaces'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from rollouts" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -l since -d 'How far back to look' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -l kubeconfig -d 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]' -r -F
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -l context -d 'Kubeconfig context, as for kubectl' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -s n -l namespace -d 'Kubernetes namespace; repeat for several [default: the context\'s]' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -s A -l all-namespaces -d 'All namespaces'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from events" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "pods" -d 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "rollouts" -d 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "events" -d 'Warning events inside the window, grouped by object and reason, with counts and first/last seen'
complete -c triage -n "__fish_triage_using_subcommand k8s; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand investigate" -l service -d 'The service the incident is about (a service label value, or a service of the config)' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l since -d 'How far back the window reaches from now (or from --to)' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l from -d 'Window start, RFC 3339 (2026-11-21T09:00:00Z)' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l to -d 'Window end, RFC 3339 [default: now]' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l baseline -d 'Length of the baseline window that ends where the window starts [default: the window\'s length]' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l prometheus -d 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l postgres -d 'PostgreSQL connection string (postgres://… or key=value); repeat for several databases' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l kubeconfig -d 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]' -r -F
complete -c triage -n "__fish_triage_using_subcommand investigate" -l context -d 'Kubeconfig context, as for kubectl' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -s n -l namespace -d 'Kubernetes namespace; repeat for several [default: the context\'s]' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l tls -d 'TLS endpoint a service depends on (host:port); repeat for several' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l output-file -d 'Write the report to FILE instead of stdout (-o/--output is the format, as in kubectl)' -r -F
complete -c triage -n "__fish_triage_using_subcommand investigate" -l record -d 'Save everything collected to FILE, an evidence bundle (triage.evidence/v1), for the postmortem and for --replay' -r -F
complete -c triage -n "__fish_triage_using_subcommand investigate" -l replay -d 'Analyse a recorded evidence bundle instead of asking the sources (no network)' -r -F
complete -c triage -n "__fish_triage_using_subcommand investigate" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand investigate" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand investigate" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand investigate" -l insecure-skip-verify -d 'Don\'t verify Prometheus\' TLS certificate (only when you must; prefer ca_file in the config)'
complete -c triage -n "__fish_triage_using_subcommand investigate" -s A -l all-namespaces -d 'All namespaces'
complete -c triage -n "__fish_triage_using_subcommand investigate" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand investigate" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand investigate" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand investigate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand investigate" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Fetch each endpoint\'s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem'
complete -c triage -n "__fish_triage_using_subcommand certs; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -s f -l file -d 'Read endpoints from FILE, one per line (see below); repeatable, - for stdin' -r -F
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l cert-file -d 'Certificate files or directories on disk (PEM chains or DER) to check; repeatable' -r -F
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l sni -d 'Server name to send (SNI) and check the certificate against, instead of the host' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l connect-to -d 'Connect to this address instead of resolving the host: one backend behind a balancer' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l starttls -d 'STARTTLS protocol: smtp, imap, pop3, ftp, ldap, postgres, mysql, or none [default: from the port: 25/587 smtp, 143 imap, 110 pop3, 21 ftp, 389 ldap, 5432 postgres, 3306 mysql]' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l ca-file -d 'Also trust the CA certificates in this PEM file (a private CA); certificate files are judged for trust only when it is given' -r -F
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l warn -d 'A certificate expiring within this is a WARNING: a duration (30d) or a share of its lifetime left (33%), for short-lived certificates' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l crit -d 'A certificate expiring within this is CRITICAL' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l unknown-as -d 'What a target that could not be checked counts as' -r -f -a "critical\t''
warning\t''
unknown\t''"
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l concurrency -d 'Connections in flight at once' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l connect-timeout -d 'Time to open a TCP connection' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l handshake-timeout -d 'Time for the STARTTLS exchange and the TLS handshake (--timeout bounds the whole run)' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l push-gateway -d 'Also push the result (the `-o prometheus` metrics) to this Pushgateway: PUT URL/metrics/job/JOB replaces the job\'s group, so a removed target disappears' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l push-job -d 'The job label of the pushed group (one per CronJob or cluster)' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l first-address-only -d 'Only the first address of each name, instead of every address it resolves to'
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from help" -f -a "check" -d 'Fetch each endpoint\'s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem'
complete -c triage -n "__fish_triage_using_subcommand certs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand completions" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand completions" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand completions" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'
jsonl\t'JSON Lines: one object per line (certs check)'
prometheus\t'Prometheus text format for node_exporter\'s textfile collector (certs check)'
nagios\t'A Nagios plugin status line with perfdata (certs check)'"
complete -c triage -n "__fish_triage_using_subcommand completions" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand completions" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand completions" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand completions" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config prom pg k8s investigate certs completions help" -f -a "config" -d 'Check the config file and, with --connect, that every source answers'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config prom pg k8s investigate certs completions help" -f -a "prom" -d 'Ask Prometheus: service health, what fired, raw queries'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config prom pg k8s investigate certs completions help" -f -a "pg" -d 'Ask PostgreSQL: connection usage, blocking chains, long transactions'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config prom pg k8s investigate certs completions help" -f -a "k8s" -d 'Ask Kubernetes: failing pods, recent rollouts and what changed, warning events'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config prom pg k8s investigate certs completions help" -f -a "investigate" -d 'Ask every configured source at once and rank the probable root causes into a Markdown incident report (or replay a recorded evidence bundle)'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config prom pg k8s investigate certs completions help" -f -a "certs" -d 'Check TLS certificates of endpoints and files: expiry of every certificate in the chain, trust, host name, missing intermediates, weak keys; made for cron and Nagios'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config prom pg k8s investigate certs completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config prom pg k8s investigate certs completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from prom" -f -a "health" -d 'Service health: request rate, errors (5xx and 429), p99 latency against the baseline, CPU, memory, restarts and pool usage, with an assessment per service'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from prom" -f -a "alerts" -d 'What fired and when, from ALERTS and /api/v1/alerts; alerts that start together and share labels are grouped'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from prom" -f -a "query" -d 'Run a PromQL query yourself: instant, or over a range with --since/--from'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from pg" -f -a "connections" -d 'Connection usage against the usable limit, by state, user, application and client'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from pg" -f -a "locks" -d 'Sessions waiting on locks, drawn as trees under the session that holds them'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from pg" -f -a "activity" -d 'Long-running queries, sessions idle in a transaction, and the oldest xmin holder'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from k8s" -f -a "pods" -d 'What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures, unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from k8s" -f -a "rollouts" -d 'Rollouts inside the window: when, which revision, what changed in the pod template (image, env, args, config and secret references, resources), ConfigMaps that changed, and how the new pods are doing'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from k8s" -f -a "events" -d 'Warning events inside the window, grouped by object and reason, with counts and first/last seen'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from certs" -f -a "check" -d 'Fetch each endpoint\'s chain (every address of the name), verify it against the Mozilla roots, the system store and --ca-file, and report every problem'
