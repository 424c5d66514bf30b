//! The rules every request passes: the access token (when the server is open to the network),
//! the CSRF token on state changes, and the headers that keep a browser strict (CSP with no
//! script at all, no framing, no sniffing, no referrer).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;

/// The policy of every page: our own stylesheet, our own images and forms; no scripts, no
/// plugins except our own originals, no framing by others.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// A fresh random token (hex) for CSRF and generated access tokens.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    // getrandom fails only without an OS entropy source; a server without one must not start.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut b).expect("no OS random source");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether a submitted form carries this server's CSRF token.
pub fn csrf_ok(app: &App, submitted: &str) -> bool {
    same_secret(&app.csrf, submitted)
}

fn token_from(req: &Request) -> Option<String> {
    if let Some(q) = req.uri().query() {
        for pair in q.split('&') {
            if let Some(v) = pair.strip_prefix("token=") {
                return Some(v.to_owned());
            }
        }
    }
    if let Some(v) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(t) = v.strip_prefix("Bearer ")
    {
        return Some(t.trim().to_owned());
    }
    let cookies = req.headers().get_all(header::COOKIE);
    for c in cookies {
        let Ok(s) = c.to_str() else { continue };
        for part in s.split(';') {
            if let Some(v) = part.trim().strip_prefix("kc_token=") {
                return Some(v.to_owned());
            }
        }
    }
    None
}

/// The middleware: access token, cross-site POST refusal, security headers.
pub async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let mut set_cookie = None;
    if let Some(expected) = &app.token {
        match token_from(&req) {
            Some(t) if same_secret(&t, expected) => {
                set_cookie = Some(format!("kc_token={t}; Path=/; HttpOnly; SameSite=Strict"));
            }
            _ => {
                return harden(
                    (
                        StatusCode::UNAUTHORIZED,
                        app.t(
                            "Cần mã truy cập (?token=…).",
                            "Access token required (?token=…).",
                        ),
                    )
                        .into_response(),
                );
            }
        }
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        // A browser says where a request comes from; another site's form is refused even
        // before the CSRF token is looked at.
        let cross = req
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "cross-site");
        if cross {
            return harden((StatusCode::FORBIDDEN, "cross-site").into_response());
        }
    }
    let mut resp = next.run(req).await;
    if let Some(c) = set_cookie
        && let Ok(v) = HeaderValue::from_str(&c)
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    harden(resp)
}

fn harden(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}
