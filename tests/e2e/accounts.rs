//! Accounts: signing in and out, the limit on failed sign-ins, the CSRF
//! check of forms, API tokens, and people's own data.

mod csrf;
mod personal_data;
mod rate_limit;
mod sign_in;
mod tokens;
