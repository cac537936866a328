
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
            cand --kubeconfig 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config]'
            cand --context 'Kubeconfig context, as for kubectl'
            cand -n 'Kubernetes namespace; repeat for several'
            cand --namespace 'Kubernetes namespace; repeat for several'
            cand --tls 'TLS endpoint a service depends on (host:port); repeat for several'
            cand --config 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]'
            cand --env 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]'
            cand -o 'Output format; each subcommand says which it supports'
            cand --output 'Output format; each subcommand says which it supports'
            cand --timeout 'Overall deadline for the whole run (for example 30s, 2m)'
            cand --connect 'Also try each configured source once (reachability and authentication)'
            cand -A 'All Kubernetes namespaces'
            cand --all-namespaces 'All Kubernetes namespaces'
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
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;help;config'= {
            cand check 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
        }
        &'triage;help;config;check'= {
        }
        &'triage;help;completions'= {
        }
        &'triage;help;help'= {
        }
    ]
    $completions[$command]
}
