#![doc = include_str!("../README.md")]

pub mod api;
pub mod app;
pub mod cache;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod router;
pub mod search;
pub mod seed;
pub mod services;
pub mod web;

pub use app::AppState;
pub use config::Config;
pub use error::{AppError, AppResult};
