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
table\t'A plain table for the terminal'"
complete -c triage -n "__fish_triage_needs_command" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_needs_command" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_needs_command" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_needs_command" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_needs_command" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_needs_command" -f -a "config" -d 'Check the config file and, with --connect, that every source answers'
complete -c triage -n "__fish_triage_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c triage -n "__fish_triage_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand config; and not __fish_seen_subcommand_from check help" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'"
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
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l kubeconfig -d 'Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config]' -r -F
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l context -d 'Kubeconfig context, as for kubectl' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s n -l namespace -d 'Kubernetes namespace; repeat for several' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l tls -d 'TLS endpoint a service depends on (host:port); repeat for several' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'"
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l connect -d 'Also try each configured source once (reachability and authentication)'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s A -l all-namespaces -d 'All Kubernetes namespaces'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
complete -c triage -n "__fish_triage_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand completions" -l config -d 'Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]' -r -F
complete -c triage -n "__fish_triage_using_subcommand completions" -l env -d 'Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]' -r
complete -c triage -n "__fish_triage_using_subcommand completions" -s o -l output -d 'Output format; each subcommand says which it supports' -r -f -a "markdown\t'GitHub-flavoured Markdown, for postmortems and tickets'
json\t'JSON, for machines'
table\t'A plain table for the terminal'"
complete -c triage -n "__fish_triage_using_subcommand completions" -l timeout -d 'Overall deadline for the whole run (for example 30s, 2m)' -r
complete -c triage -n "__fish_triage_using_subcommand completions" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c triage -n "__fish_triage_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr, and only the result on stdout'
complete -c triage -n "__fish_triage_using_subcommand completions" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c triage -n "__fish_triage_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand completions" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config completions help" -f -a "config" -d 'Check the config file and, with --connect, that every source answers'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate the config (every environment, or the one named by --env) and show what each source would connect to, secrets redacted'
