#!/bin/ksh
# collect-rmc.sh: gather the RMC / DLPAR field guide's commands from HMCs and partitions into one dump
# that `python -m rsctparse --check dump.txt` reads. Needs ssh keys to the HMCs (hscroot) and to the
# partitions (root). Usage: collect-rmc.sh -h "hmc1 hmc2" -l "aix10 aix20" > dump.txt
#
# Each command's output is preceded by a marker line:  ### rsctparse host=HOST argv=COMMAND LINE
# (docs/transcripts.md). rmcdomainstatus and ctsthl need root on the HMC: run them through pesh, or
# collect them separately as root and append that output with the same markers.

hmcs=""
lpars=""
while getopts "h:l:" opt; do
    case $opt in
        h) hmcs=$OPTARG ;;
        l) lpars=$OPTARG ;;
        *) echo "usage: $0 -h 'hmc ...' -l 'lpar ...'" >&2; exit 2 ;;
    esac
done

run() {  # run HOST USER COMMAND...: print the marker, then the command's output and errors
    host=$1; user=$2; shift 2
    printf '### rsctparse host=%s argv=%s\n' "$host" "$*"
    ssh -o BatchMode=yes -o ConnectTimeout=10 "$user@$host" "$*" 2>&1 </dev/null
}

for hmc in $hmcs; do
    run "$hmc" hscroot lshmc -V
    run "$hmc" hscroot lspartition -dlpar
    # system names may hold blanks: read them line by line and quote them for the remote shell
    ssh -o BatchMode=yes "hscroot@$hmc" lssyscfg -r sys -F name </dev/null | while IFS= read -r sys; do
        run "$hmc" hscroot "lssyscfg -r lpar -m '$sys' -F lpar_id,name,state,rmc_state,rmc_ipaddr"
    done
done

for lpar in $lpars; do
    run "$lpar" root lssrc -a
    run "$lpar" root /usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc
    run "$lpar" root /usr/sbin/rsct/bin/ctsvhbal
    run "$lpar" root /usr/sbin/rsct/bin/ctsthl -l
    run "$lpar" root lsrsrc IBM.MCP
    run "$lpar" root lsrsrc IBM.ManagementServer
done
