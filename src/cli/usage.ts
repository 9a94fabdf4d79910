/** `pmcert --help`: kept apart so that printing it loads nothing else. */
export const USAGE = `pmcert — 数字党员证 / digital Party member certificate

  pmcert init [--data DIR] [--root-id ID] [--root-name NAME] [--keys DIR]
  pmcert org add --id ID --name NAME --type committee|general_branch|branch|group --parent PID
  pmcert org list
  pmcert keys list | keys rotate --org ID | keys revoke --kid KID [--at ISO-TIME] [--reason TEXT]
  pmcert member enroll --org ID --name NAME --national-id NNN --gender M|F --birth YYYY-MM-DD --joined YYYY-MM-DD
                       [--category full|probationary] [--personnel police|auxiliary|military_transfer|student|other]
                       [--ethnicity TEXT] [--full-on YYYY-MM-DD] [--cadre]
  pmcert member show MID [--json]
  pmcert import members|orgs FILE.csv|FILE.xlsx [--dry-run] [--skip-invalid]   roster / org tree (pmcert import --help)
  pmcert endorse transfer-out --member MID --to ORG [--reason TEXT] [--valid-days N]
  pmcert endorse arrival --member MID [--at ORG]
  pmcert endorse transfer-return --member MID [--reason TEXT]
  pmcert endorse temp-out --member MID --until YYYY-MM-DD [--to TEXT] [--reason TEXT]
  pmcert endorse temp-return --member MID
  pmcert endorse flow-register --member MID --host ORG [--action register|cancel] [--until YYYY-MM-DD]
  pmcert endorse status --member MID --change full_membership|left|deceased --date YYYY-MM-DD [--reason TEXT]
  pmcert endorse correction --member MID --refers SEQ --reason TEXT [--name NAME] [--joined YYYY-MM-DD]
        (every endorse takes [--as ORG] [--officer ID] [--idempotency-key KEY])
  pmcert qr MID --out FILE.png|FILE.svg
  pmcert export MID --out bundle.json
  pmcert trust --out trust.json|trust.jws               the trust list (.jws: signed by the root)
  pmcert verify bundle.json [--root keys/root.jwk] [--trust trust.jws] [--allow-unlogged]   exit 0 valid, 1 invalid
  pmcert verify --token JWS [--trust trust.jws|trust.json] [--root keys/root.jwk]
  pmcert log watch URL --root keys/root.jwk [--state FILE] [--interval S]   witness: alarm on a fork or rollback
  pmcert dues template --org ID --month YYYY-MM --out FILE.csv|FILE.xlsx   the branch-month's prefilled 党费 table
  pmcert dues record --org ID --month YYYY-MM --file FILE.csv|FILE.xlsx [--skip-invalid]   one signed batch
  pmcert backup FILE[.gz] | restore FILE[.gz]           the whole installation, one consistent snapshot (pmcert backup --help)
  pmcert fsck [--json]                                  re-verify every entry, chain, member head and the log tree
  pmcert demo [--data DIR]                              a demo tree and one member's journey
  pmcert demo --full | --scale slice|bureau|national    the demo bureau with three years of history (new --data DIR)
  pmcert serve [--demo] [--port N] [--host ADDR]        the HTTP API (--demo: demo tree and logins on first start)
  pmcert migrate [--status]                             apply the schema migrations to DATABASE_URL (a Worker never migrates)
  pmcert report compute|file|accept|return|pull|export|evidence|audit --org ID --year YYYY …
                                                        annual statistics filed level by level (pmcert report --help)

  --data DIR or PMC_DATA_DIR: embedded PGlite folder (default ./data); DATABASE_URL: PostgreSQL.
  PMC_KEK: key-encryption key (base64url, 32 bytes). PMC_LANG=en for English.`;
