//! Notifications by e-mail: the outbox sent through the SMTP server of
//! `PSPM_SMTP_URL`, one e-mail per notification or a daily digest, as each
//! person chose. A row is marked sent only once the server accepted it; a
//! refusal the server calls temporary is tried again later, each wait twice
//! the one before.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use chrono::{NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use pspm_frontend::DIGEST_HOUR;
use pspm_frontend::i18n::{Lang, Tr};

use crate::app::AppState;
use crate::config::Config;
use crate::db::schema::{notifications, organisations, outbox, users};
use crate::db::{Db, DbConn};
use crate::domain::{EmailFrequency, NotificationKind};
use crate::error::AppResult;
use crate::services::accounts::organisations::time_zone;

/// Tries before an e-mail is given up.
pub const MAX_ATTEMPTS: i32 = 8;
/// Outbox rows looked at in one pass.
const BATCH: i64 = 500;
/// Older notifications are not e-mailed (they stay on the notifications
/// page): when mail is first configured, or after a long outage, people
/// would otherwise get a flood of stale news.
pub const MAX_AGE_DAYS: i64 = 7;

/// The SMTP server and what every e-mail carries.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    base_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// The mailer of `config`; `None` when no SMTP server is configured.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Self>> {
        let Some(url) = &config.smtp_url else {
            return Ok(None);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url.0)
            .map_err(|e| anyhow::anyhow!("PSPM_SMTP_URL is not a usable SMTP address: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = config
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("PSPM_MAIL_FROM is not an e-mail address: {e}"))?;
        let base_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", config.addr));
        Ok(Some(Self {
            transport,
            from,
            base_url,
        }))
    }
}

impl Mailer {
    /// The site's address as links in e-mails start.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends one e-mail now, outside the outbox: for a message that holds a
    /// secret (a password reset link), which must not be stored, and that
    /// goes out whatever the person chose for notifications.
    pub async fn send_now(&self, to: &str, subject: &str, body: &str) -> Result<(), &'static str> {
        let to: Mailbox = to.parse().map_err(|_| "bad_address")?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|_| "bad_address")?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                "refused"
            } else {
                "unreachable"
            }
        })
    }
}

/// Starts sending the outbox every `PSPM_MAIL_INTERVAL_SECS`, when an SMTP
/// server is configured; without one the outbox only fills, as before.
pub fn start(state: &AppState) -> anyhow::Result<()> {
    let Some(mailer) = Mailer::from_config(&state.config)? else {
        return Ok(());
    };
    let db = state.db.clone();
    let every = Duration::from_secs(state.config.mail_interval_secs.max(1));
    tokio::spawn(async move {
        loop {
            match deliver_due(&db, &mailer, crate::db::now()).await {
                Ok(d) if d.sent + d.failed > 0 => {
                    tracing::info!(sent = d.sent, failed = d.failed, "outbox sent");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox not read"),
            }
            tokio::time::sleep(every).await;
        }
    });
    Ok(())
}

/// What one pass over the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    /// E-mails the server accepted.
    pub sent: usize,
    /// E-mails refused (to be tried again, or given up).
    pub failed: usize,
}

/// One e-mail to send and the outbox rows it carries.
struct Outgoing {
    rows: Vec<i32>,
    user: i32,
    digest: bool,
    to: String,
    subject: String,
    body: String,
    unsubscribe: String,
}

/// Sends what is due at `now`: every waiting row of people who want
/// immediate e-mail, and the digests whose hour has come.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: NaiveDateTime) -> AppResult<Delivery> {
    let base = mailer.base_url.clone();
    let outgoing = db.run(move |conn| due(conn, &base, now)).await?;
    let mut delivery = Delivery::default();
    for mail in outgoing {
        let result = match build(mailer, &mail) {
            Ok(message) => mailer
                .transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| {
                    // The server's words may repeat the address: only the kind is kept.
                    let code = if e.is_permanent() {
                        "refused"
                    } else if e.is_transient() {
                        "deferred"
                    } else {
                        "unreachable"
                    };
                    (code, e.is_permanent())
                }),
            Err(()) => Err(("bad_address", true)),
        };
        match &result {
            Ok(()) => delivery.sent += 1,
            Err(_) => delivery.failed += 1,
        }
        db.run(move |conn| record(conn, &mail, result, now)).await?;
    }
    Ok(delivery)
}

fn build(mailer: &Mailer, mail: &Outgoing) -> Result<Message, ()> {
    let to: Mailbox = mail.to.parse().map_err(|_| ())?;
    let mut message = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|_| ())?;
    // RFC 8058: mail programs offer their own unsubscribe button, which
    // posts to this address.
    let headers = message.headers_mut();
    headers.insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("List-Unsubscribe"),
        format!("<{}>", mail.unsubscribe),
    ));
    headers.insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click".to_owned(),
    ));
    Ok(message)
}

/// Marks the rows of `mail` sent, or schedules the next try.
fn record(
    conn: &mut DbConn,
    mail: &Outgoing,
    result: Result<(), (&'static str, bool)>,
    now: NaiveDateTime,
) -> AppResult<()> {
    conn.write(|conn| {
        let rows = outbox::table.filter(outbox::id.eq_any(&mail.rows));
        match result {
            Ok(()) => {
                diesel::update(rows)
                    .set((
                        outbox::sent_at.eq(Some(now)),
                        outbox::last_error.eq(None::<String>),
                    ))
                    .execute(conn)?;
                if mail.digest {
                    diesel::update(users::table.find(mail.user))
                        .set(users::digest_sent_at.eq(Some(now)))
                        .execute(conn)?;
                }
            }
            Err((code, permanent)) => {
                let tried: Vec<(i32, i32)> =
                    rows.select((outbox::id, outbox::attempts)).load(conn)?;
                for (id, attempts) in tried {
                    let attempts = attempts + 1;
                    let give_up = permanent || attempts >= MAX_ATTEMPTS;
                    diesel::update(outbox::table.find(id))
                        .set((
                            outbox::attempts.eq(attempts),
                            outbox::last_error.eq(Some(code)),
                            outbox::next_attempt_at.eq(Some(now + backoff(attempts))),
                            outbox::given_up_at.eq(give_up.then_some(now)),
                        ))
                        .execute(conn)?;
                }
            }
        }
        Ok(())
    })
}

/// The wait after the `attempts`-th refusal: a minute, then twice as long
/// each time, at most six hours.
pub fn backoff(attempts: i32) -> TimeDelta {
    let minutes = 1i64 << attempts.clamp(1, 10).saturating_sub(1);
    TimeDelta::minutes(minutes.min(360))
}

/// A waiting outbox row with what its e-mail is made of.
type Waiting = (
    i32,
    i32,
    String,
    NaiveDateTime,
    Option<NotificationKind>,
    Option<String>,
);

/// The e-mails due at `now`, built in each reader's language.
fn due(conn: &mut DbConn, base: &str, now: NaiveDateTime) -> AppResult<Vec<Outgoing>> {
    diesel::update(
        outbox::table
            .filter(outbox::sent_at.is_null())
            .filter(outbox::given_up_at.is_null())
            .filter(outbox::created_at.lt(now - TimeDelta::days(MAX_AGE_DAYS))),
    )
    .set((
        outbox::given_up_at.eq(Some(now)),
        outbox::last_error.eq(Some("too_old")),
    ))
    .execute(conn)?;
    // Rows of digest readers wait all day: read apart, so that however many
    // there are, they never hold back anyone's immediate e-mail.
    let mut waiting = Vec::new();
    for digest in [false, true] {
        let rows: Vec<Waiting> = outbox::table
            .inner_join(users::table)
            .left_join(
                notifications::table.on(outbox::notification_id.eq(notifications::id.nullable())),
            )
            .filter(outbox::sent_at.is_null())
            .filter(outbox::given_up_at.is_null())
            .filter(
                outbox::next_attempt_at
                    .is_null()
                    .or(outbox::next_attempt_at.le(now)),
            )
            .filter(users::email_frequency.eq(EmailFrequency::Daily).eq(digest))
            .order(outbox::id)
            .limit(BATCH)
            .select((
                outbox::id,
                outbox::user_id,
                outbox::subject,
                outbox::created_at,
                notifications::kind.nullable(),
                notifications::payload.nullable(),
            ))
            .load(conn)?;
        waiting.extend(rows);
    }
    let mut by_user: BTreeMap<i32, Vec<Waiting>> = BTreeMap::new();
    for row in waiting {
        by_user.entry(row.1).or_default().push(row);
    }
    let mut out = Vec::new();
    for (user_id, rows) in by_user {
        let (email, locale, frequency, token, digest_sent_at, deleted_at, zone): Recipient =
            users::table
                .left_join(organisations::table)
                .filter(users::id.eq(user_id))
                .select((
                    users::email,
                    users::locale,
                    users::email_frequency,
                    users::unsubscribe_token,
                    users::digest_sent_at,
                    users::deleted_at,
                    organisations::time_zone.nullable(),
                ))
                .first(conn)?;
        let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
        if frequency == EmailFrequency::Never || deleted_at.is_some() {
            diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
                .set((
                    outbox::given_up_at.eq(Some(now)),
                    outbox::last_error.eq(Some("not_wanted")),
                ))
                .execute(conn)?;
            continue;
        }
        let zone = zone
            .as_deref()
            .and_then(time_zone)
            .unwrap_or(chrono_tz::Europe::Rome);
        let digest = frequency == EmailFrequency::Daily;
        if digest {
            let boundary = last_digest_hour(zone, now);
            let oldest = rows.iter().map(|r| r.3).min().unwrap_or(now);
            if oldest >= boundary || digest_sent_at.is_some_and(|d| d >= boundary) {
                continue;
            }
        }
        let token = match token {
            Some(t) => t,
            None => new_token(conn, user_id)?,
        };
        let tr = Tr::new(locale.as_deref().and_then(Lang::parse).unwrap_or_default());
        let unsubscribe = format!("{base}/unsubscribe/{token}");
        let footer = footer(&tr, base, frequency, &unsubscribe);
        if digest {
            let mut body = tr.ta("mail-digest-lead", &[("count", rows.len().to_string())]);
            body.push_str("\n\n");
            for row in &rows {
                body.push_str(&format!(
                    "- {} ({})\n  {}\n",
                    line(&tr, row),
                    local_time(&tr, zone, row.3),
                    link(base, row)
                ));
            }
            out.push(Outgoing {
                rows: ids,
                user: user_id,
                digest: true,
                to: email,
                subject: tr.ta("mail-digest-subject", &[("count", rows.len().to_string())]),
                body: body + &footer,
                unsubscribe,
            });
        } else {
            for row in rows {
                let subject = line(&tr, &row);
                out.push(Outgoing {
                    rows: vec![row.0],
                    user: user_id,
                    digest: false,
                    to: email.clone(),
                    body: format!("{subject}\n{}\n\n{}", link(base, &row), footer),
                    subject,
                    unsubscribe: unsubscribe.clone(),
                });
            }
        }
    }
    claim(conn, out, now)
}

/// How long a pass holds the outbox rows it is sending: another instance
/// leaves them alone meanwhile, and a pass that died leaves them due again.
const LEASE_MINUTES: i64 = 15;

/// Claims the rows of `out` for this pass: each row is taken (its next try
/// moved a lease ahead) by one pass only, whichever instance runs it, and an
/// e-mail goes out only if all its rows were taken by this one.
fn claim(conn: &mut DbConn, out: Vec<Outgoing>, now: NaiveDateTime) -> AppResult<Vec<Outgoing>> {
    let ids: Vec<i32> = out.iter().flat_map(|m| m.rows.iter().copied()).collect();
    if ids.is_empty() {
        return Ok(out);
    }
    let claimed: HashSet<i32> = conn
        .write(|conn| {
            diesel::update(
                outbox::table
                    .filter(outbox::id.eq_any(&ids))
                    .filter(outbox::sent_at.is_null())
                    .filter(outbox::given_up_at.is_null())
                    .filter(
                        outbox::next_attempt_at
                            .is_null()
                            .or(outbox::next_attempt_at.le(now)),
                    ),
            )
            .set(outbox::next_attempt_at.eq(Some(now + TimeDelta::minutes(LEASE_MINUTES))))
            .returning(outbox::id)
            .get_results::<i32>(conn)
        })?
        .into_iter()
        .collect();
    Ok(out
        .into_iter()
        .filter(|m| m.rows.iter().all(|r| claimed.contains(r)))
        .collect())
}

/// A recipient: address, language, choice, unsubscribe secret, last
/// digest, deletion, and their organisation's time zone.
type Recipient = (
    String,
    Option<String>,
    EmailFrequency,
    Option<String>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<String>,
);

/// What the notification says, in the reader's language (rows from before
/// notifications were linked keep their stored subject).
fn line(tr: &Tr, row: &Waiting) -> String {
    match &row.4 {
        Some(kind) => tr.label("notification", &kind.to_string()),
        None => row.2.clone(),
    }
}

fn link(base: &str, row: &Waiting) -> String {
    match (&row.4, &row.5) {
        (Some(kind), Some(payload)) => {
            let n = crate::db::notification::Notification {
                id: 0,
                user_id: row.1,
                kind: *kind,
                payload: payload.clone(),
                read_at: None,
                created_at: row.3,
            };
            format!("{base}{}", n.href())
        }
        _ => format!("{base}/notifications"),
    }
}

fn footer(tr: &Tr, base: &str, frequency: EmailFrequency, unsubscribe: &str) -> String {
    format!(
        "\n-- \n{}\n{}: {base}/account#email\n{}: {unsubscribe}\n",
        tr.ta(
            "mail-footer-why",
            &[(
                "frequency",
                tr.label("email-frequency", &frequency.to_string())
            )]
        ),
        tr.t("mail-footer-settings"),
        tr.t("mail-footer-unsubscribe"),
    )
}

fn local_time(tr: &Tr, zone: Tz, at: NaiveDateTime) -> String {
    let local = zone.from_utc_datetime(&at).naive_local();
    format!("{} {}", tr.date(local.date()), local.format("%H:%M"))
}

/// The last time, at or before `now`, that the digest hour struck in `zone`.
pub fn last_digest_hour(zone: Tz, now: NaiveDateTime) -> NaiveDateTime {
    let local = zone.from_utc_datetime(&now).naive_local();
    let hour = NaiveTime::from_hms_opt(DIGEST_HOUR, 0, 0).unwrap_or_default();
    let day = if local.time() >= hour {
        local.date()
    } else {
        local.date() - TimeDelta::days(1)
    };
    zone.from_local_datetime(&day.and_time(hour))
        .earliest()
        .map_or(now, |t| t.naive_utc())
}

/// Gives `user` the secret of their unsubscribe link.
fn new_token(conn: &mut DbConn, user: i32) -> AppResult<String> {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    diesel::update(users::table.find(user))
        .set(users::unsubscribe_token.eq(Some(&token)))
        .execute(conn)?;
    Ok(token)
}
