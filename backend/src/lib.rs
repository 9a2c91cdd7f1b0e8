#![doc = include_str!("../README.md")]

pub mod api;
pub mod app;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod extract;
pub mod router;
pub mod services;
pub mod web;

pub use app::AppState;
pub use config::Config;
pub use error::{AppError, AppResult};
