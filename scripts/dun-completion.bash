# bash completion for dun (installed as share/bash-completion/completions/dun).
# Commands and their sub-commands and options; tests/integration/
# test_install.sh checks that every command of 'dun help --commands' is here.

_dun_words() {
    case $1 in
    init) ;;
    import) echo "customers invoices payments --map" ;;
    customers) ;;
    invoices) echo "--open --customer" ;;
    statement) echo "--pdf" ;;
    aging) echo "--detail --buckets" ;;
    dso) echo "--days" ;;
    check) echo "--repair" ;;
    policy) echo "check load show list" ;;
    run) echo "--dry-run" ;;
    customer) echo "show set --do-not-contact --no-do-not-contact --legal-hold
        --no-legal-hold --insolvent --no-insolvent --pre-due-notices
        --no-pre-due-notices --cash-flow-trouble --no-cash-flow-trouble
        --segment --score --timezone --name --email --phone --address
        --city --postal-code --country --region --language --kind
        --contact-name" ;;
    dispute) echo "open resolve --reason" ;;
    promise) echo "--amount --by --currency" ;;
    plan) echo "list show cancel --amount --installments --first --every
        --currency --invoice" ;;
    note | call) echo "--invoice --reason" ;;
    outbox) echo "list show export verify mark --status --since --sent
        --void --printed --posted --reason" ;;
    tenant) echo "show set --name --address --email --phone --iban --bic
        --bank --vat-id --timezone --language --legal-name --legal-form
        --register-court --register-number --managing-directors
        --registered-office --share-capital --website --sort-code
        --account-number --ach-routing --ach-account --checks-payable-to
        --remit-to --country" ;;
    send) echo "--dry-run --limit" ;;
    letters) echo "--batch --each" ;;
    evidence) echo "add --kind --ref --file" ;;
    bounces) echo "import" ;;
    templates) echo "check load list show export --built-in" ;;
    config) echo "list get set unset smtp.url smtp.starttls smtp.user
        smtp.password_file mail.from mail.reply_to mail.bcc send.rate
        send.max_attempts letter.paper letter.logo" ;;
    queue) ;;
    approve) echo "--refuse" ;;
    timeline) ;;
    demo) echo "--dir" ;;
    help) echo "init import customers invoices statement aging dso check
        policy run customer dispute promise plan note call outbox tenant
        send letters bounces evidence config templates queue approve
        timeline demo help" ;;
    esac
}

_dun() {
    local cur prev cmd i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    case $prev in
    --db | --map | --dir | --file | --pdf)
        COMPREPLY=($(compgen -f -- "$cur"))
        return ;;
    --format)
        COMPREPLY=($(compgen -W "table csv json" -- "$cur"))
        return ;;
    --reason)
        COMPREPLY=($(compgen -W "oversight cash_flow dissatisfied
            wrong_amount other" -- "$cur"))
        return ;;
    esac
    # The command is the first word that is neither a global option nor
    # its value.
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        --db | --as-of | --format) ((i++)) ;;
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$(_dun_words help) --db --as-of --format
            --version --help" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$(_dun_words "$cmd")" -- "$cur"))
        case $cmd in
        import | policy | outbox | demo | bounces | evidence | templates)
            [[ $cur != -* ]] && COMPREPLY+=($(compgen -f -- "$cur")) ;;
        esac
    fi
}
complete -F _dun dun
