//! Accounts: signing in and out (and where it leads back), the limit on
//! failed sign-ins, the CSRF check of forms, API tokens, and people's own data.

mod csrf;
mod password_reset;
mod personal_data;
mod rate_limit;
mod redirects;
mod sign_in;
mod tokens;
