//! The reader's own pages: signing in, the account, notifications.

pub mod my_account;
pub mod notifications;
pub mod password_reset;
pub mod sign_in;
pub mod tokens;
pub mod unsubscribe;
