//! `concord`: the one binary. Glue only: every rule lives in concord-core,
//! storage in concord-store, HTTP in concord-server.

mod cmd;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Concord runs alliances: forms, governs, incentivises, tracks and
/// stress-tests them with one deterministic engine.
#[derive(Parser)]
#[command(name = "concord", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a commented charter for an alliance model.
    Init {
        /// liquidity-pool | governance-syndicate | revenue-sharing | mission
        model: String,
        /// Where to write it ("-" for stdout).
        #[arg(long, default_value = "charter.toml")]
        out: String,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Validate a charter, listing every problem with its path and rule.
    Check {
        /// The charter file.
        file: PathBuf,
    },
    /// Run a hub for a charter.
    Serve {
        /// The charter file (the hub's genesis).
        #[arg(long)]
        charter: PathBuf,
        /// Log database: a SQLite path or sqlite: URL (default), or a postgres:// URL.
        #[arg(long, env = "CONCORD_DB", default_value = "sqlite:concord.db")]
        db: String,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// An origin browsers may call the hub from (repeatable; `*` for any). Default: none.
        #[arg(long = "cors-origin")]
        cors_origins: Vec<String>,
        /// Requests per second per client IP, sustained (0: no limit).
        #[arg(long, default_value_t = 50)]
        rate_per_ip: u32,
        /// Burst of requests per client IP.
        #[arg(long, default_value_t = 200)]
        burst_per_ip: u32,
        /// Commands per second per signing address, sustained (0: no limit).
        #[arg(long, default_value_t = 10)]
        rate_per_signer: u32,
        /// Burst of commands per signing address.
        #[arg(long, default_value_t = 50)]
        burst_per_signer: u32,
        /// Most connections open at once.
        #[arg(long, default_value_t = 1024)]
        max_connections: usize,
        /// Seconds a client has to send request headers (also closes idle connections).
        #[arg(long, default_value_t = 10)]
        header_timeout_secs: u64,
        /// Seconds a whole request may take, body included (408 beyond).
        #[arg(long, default_value_t = 15)]
        request_timeout_secs: u64,
    },
    /// Apply trusted, unsigned commands (JSON lines) to an in-memory engine.
    Apply {
        /// The commands file, one JSON command per line ("-" for stdin).
        commands: String,
        /// The charter file (the genesis).
        #[arg(long)]
        charter: PathBuf,
        /// Write the final state here instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Report rejected commands and go on instead of stopping.
        #[arg(long)]
        keep_going: bool,
    },
    /// Replay a log, proving the hash chain and printing the head and state hash.
    Verify {
        /// A SQLite path or URL, or a postgres:// URL.
        db: String,
    },
    /// Print the public development keys used by the templates and the demo.
    Keys,
    /// Sign a command and send it to a hub.
    Submit {
        /// The hub's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        hub: String,
        /// A secret key in hex (prefer CONCORD_KEY in the environment).
        #[arg(long, env = "CONCORD_KEY", hide_env_values = true, conflicts_with = "dev")]
        key: Option<String>,
        /// Use development key N (0-9) instead.
        #[arg(long)]
        dev: Option<usize>,
        /// The command kind, e.g. transfer.
        #[arg(long)]
        kind: String,
        /// The command body as JSON.
        #[arg(long)]
        body: String,
    },
    /// List an alliance's proposals with state and live tallies, or show one.
    Proposals {
        /// The hub's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        hub: String,
        /// The alliance (default: the hub's charter alliance).
        #[arg(long)]
        alliance: Option<String>,
        /// Show this proposal with its votes.
        #[arg(long)]
        id: Option<u64>,
        /// With --id: also the power this address votes with on it.
        #[arg(long, requires = "id")]
        power: Option<String>,
    },
    /// Read incentive state from a hub: vaults, positions, emissions, vesting, splits.
    Incentives {
        /// vaults | vault | position | emissions | emission | grant | account-vesting | splits | split
        what: String,
        /// The vault, emission, grant or split id (an address for account-vesting).
        id: Option<String>,
        /// The account, for `position`.
        #[arg(long)]
        account: Option<String>,
        /// Unix seconds for time-dependent views (default: the hub's last command time).
        #[arg(long)]
        at: Option<u64>,
        /// The hub's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        hub: String,
    },
    /// Measure the engine against named baselines (see docs/benchmarks.md).
    Bench {
        /// Sections to run, comma separated: transfers, signatures, hub, governance, vault, missions, merkle (default: all but merkle).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Transfers to apply.
        #[arg(long, default_value_t = 1_000_000)]
        transfers: usize,
        /// Signed envelopes to verify.
        #[arg(long, default_value_t = 20_000)]
        signatures: usize,
        /// Signed commands for the hub section (durable SQLite log).
        #[arg(long, default_value_t = 2_000)]
        hub_commands: usize,
        /// Voter counts for the governance section; the first is the baseline.
        #[arg(long, value_delimiter = ',', default_value = "1000,1000000")]
        voters: Vec<usize>,
        /// Staker counts for the vault section; the first is the baseline.
        #[arg(long, value_delimiter = ',', default_value = "10,1000000")]
        vault_stakers: Vec<usize>,
        /// Leaves of the Merkle section (`--only merkle`), against @openzeppelin/merkle-tree.
        #[arg(long, default_value_t = 1_000_000)]
        merkle_leaves: usize,
    },
    /// Merkle reward trees (OpenZeppelin StandardMerkleTree over (address, address, uint256)).
    Merkle {
        #[command(subcommand)]
        command: MerkleCommand,
    },
    /// A collective's missions and budget votes, read from a hub.
    Mission {
        #[command(subcommand)]
        command: MissionCommand,
    },
    /// Partner candidates scored by a scorecard and ranked side by side.
    Score {
        /// The candidates file (TOML: an optional [scorecard] and [[candidates]]).
        file: PathBuf,
        /// table, json or csv.
        #[arg(long, value_enum, default_value = "table")]
        format: cmd::score::Format,
    },
    /// The forming board: search contributors, check a team's overlap of working hours.
    Board {
        #[command(subcommand)]
        command: BoardCommand,
    },
    /// Monte Carlo stress tests through the engine: a scenario file or a built-in name.
    Simulate(cmd::simulate::Args),
    /// Start a hub seeded with a realistic two-community alliance.
    Demo {
        /// Address to listen on (port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// The demo's SQLite file (recreated on each run).
        #[arg(long, default_value = "concord-demo.db")]
        db: PathBuf,
    },
}

#[derive(Subcommand)]
enum MissionCommand {
    /// The collective's mission proposals: status, tier, sponsors, request.
    List {
        /// The hub's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        hub: String,
        /// The collective (its alliance id).
        #[arg(long)]
        collective: String,
    },
    /// Which missions a budget vote funds now; with --voter and --approve, as if that ballot were cast.
    Preview {
        /// The hub's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        hub: String,
        /// The collective (its alliance id).
        #[arg(long)]
        collective: String,
        /// The season.
        #[arg(long)]
        season: u64,
        /// The intent.
        #[arg(long)]
        intent: String,
        /// A voter about to sign a ballot.
        #[arg(long)]
        voter: Option<String>,
        /// The missions that ballot approves (comma-separated).
        #[arg(long, value_delimiter = ',')]
        approve: Vec<u64>,
    },
    /// A team's rewards: each member's paid, vested and forfeited amounts, and the next release.
    Team(MissionRef),
    /// The peer-allocation graph as CSV (epoch,from,to,points).
    Gives(MissionRef),
}

/// A mission's grant on a hub.
#[derive(clap::Args)]
struct MissionRef {
    /// The hub's base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    hub: String,
    /// The collective (its alliance id).
    #[arg(long)]
    collective: String,
    /// The mission.
    #[arg(long)]
    mission: u64,
}

#[derive(Subcommand)]
enum BoardCommand {
    /// Contributors by skill, intent and timezone.
    Search {
        /// The hub's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        hub: String,
        /// Has this skill (case-insensitive).
        #[arg(long)]
        skill: Option<String>,
        /// Cares about this intent.
        #[arg(long)]
        intent: Option<String>,
        /// Timezone at least this many minutes east of UTC.
        #[arg(long, allow_hyphen_values = true)]
        tz_min: Option<i16>,
        /// Timezone at most this many minutes east of UTC.
        #[arg(long, allow_hyphen_values = true)]
        tz_max: Option<i16>,
    },
    /// The daily hours when every member of an alliance works; exits 1 below --min-hours.
    Overlap {
        /// The hub's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        hub: String,
        /// The alliance.
        #[arg(long)]
        alliance: String,
        /// The minimum daily overlap in hours (default 2).
        #[arg(long)]
        min_hours: Option<u32>,
    },
}

#[derive(Subcommand)]
enum MerkleCommand {
    /// Build a tree from INPUT.json ([[account, token, amount], …]) or INPUT.csv (account,token,amount).
    Build {
        /// The values file.
        input: PathBuf,
        /// Write the tree (the library's standard-v1 JSON) here and print the root; default: print the tree.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the proof of (account, token) in a tree or values file.
    Proof {
        /// A standard-v1 tree file, or a values file.
        tree: PathBuf,
        /// The account.
        #[arg(long)]
        account: String,
        /// The token contract address.
        #[arg(long)]
        token: String,
    },
    /// Check a proof against a root; exit 0 if valid, 1 if not.
    Verify {
        /// The root.
        #[arg(long)]
        root: String,
        /// The account.
        #[arg(long)]
        account: String,
        /// The token contract address.
        #[arg(long)]
        token: String,
        /// The amount in base units.
        #[arg(long)]
        amount: String,
        /// Comma-separated sibling hashes (empty for a one-leaf tree).
        #[arg(long, default_value = "")]
        proof: String,
    },
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CONCORD_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init { model, out, force } => cmd::init::run(&model, &out, force),
        Command::Check { file } => cmd::check::run(&file),
        Command::Serve {
            charter,
            db,
            listen,
            cors_origins,
            rate_per_ip,
            burst_per_ip,
            rate_per_signer,
            burst_per_signer,
            max_connections,
            header_timeout_secs,
            request_timeout_secs,
        } => {
            let settings = cmd::serve::Settings {
                cors_origins,
                per_ip: concord_server::Rate { per_second: rate_per_ip, burst: burst_per_ip },
                per_signer: concord_server::Rate { per_second: rate_per_signer, burst: burst_per_signer },
                limits: concord_server::Limits {
                    max_connections,
                    header_timeout: std::time::Duration::from_secs(header_timeout_secs),
                    request_timeout: std::time::Duration::from_secs(request_timeout_secs),
                    ..concord_server::Limits::default()
                },
            };
            cmd::serve::run(&charter, &db, &listen, settings)
        }
        Command::Apply { commands, charter, out, keep_going } => {
            cmd::apply::run(&commands, &charter, out.as_deref(), keep_going)
        }
        Command::Verify { db } => cmd::verify::run(&db),
        Command::Keys => cmd::keys::run(),
        Command::Submit { hub, key, dev, kind, body } => cmd::submit::run(&hub, key, dev, &kind, &body),
        Command::Bench {
            only,
            transfers,
            signatures,
            hub_commands,
            voters,
            vault_stakers,
            merkle_leaves,
        } => cmd::bench::run(&cmd::bench::Options {
            only,
            transfers,
            signatures,
            hub_commands,
            voters,
            vault_stakers,
            merkle_leaves,
        }),
        Command::Incentives { what, id, account, at, hub } => cmd::incentives::run(
            &hub,
            &cmd::incentives::Query { what: &what, id: id.as_deref(), account: account.as_deref(), at },
        ),
        Command::Mission { command } => match command {
            MissionCommand::List { hub, collective } => cmd::mission::list(&hub, &collective),
            MissionCommand::Preview { hub, collective, season, intent, voter, approve } => {
                cmd::mission::preview(&hub, &collective, season, &intent, voter.as_deref(), &approve)
            }
            MissionCommand::Team(m) => cmd::mission::team(&m.hub, &m.collective, m.mission),
            MissionCommand::Gives(m) => cmd::mission::gives(&m.hub, &m.collective, m.mission),
        },
        Command::Score { file, format } => cmd::score::run(&file, format),
        Command::Board { command } => match command {
            BoardCommand::Search { hub, skill, intent, tz_min, tz_max } => cmd::board::search(
                &hub,
                &cmd::board::Search { skill: skill.as_deref(), intent: intent.as_deref(), tz_min, tz_max },
            ),
            BoardCommand::Overlap { hub, alliance, min_hours } => {
                cmd::board::overlap(&hub, &alliance, min_hours)
            }
        },
        Command::Merkle { command } => match command {
            MerkleCommand::Build { input, out } => cmd::merkle::build(&input, out.as_deref()),
            MerkleCommand::Proof { tree, account, token } => cmd::merkle::proof(&tree, &account, &token),
            MerkleCommand::Verify { root, account, token, amount, proof } => {
                cmd::merkle::verify_proof(&root, &account, &token, &amount, &proof)
            }
        },
        Command::Simulate(args) => cmd::simulate::run(&args),
        Command::Demo { listen, db } => cmd::demo::run(&listen, &db),
        Command::Proposals { hub, alliance, id, power } => {
            cmd::proposals::run(&hub, alliance.as_deref(), id, power.as_deref())
        }
    };
    match result {
        Ok(code) => code,
        // A reader that stopped early (`concord keys | head`) is not an error.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::from(2)
        }
    }
}
