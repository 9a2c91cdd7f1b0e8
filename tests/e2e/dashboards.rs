//! Dashboards, the analytics API and open data on the demo data, checked
//! against counts made independently with SQL; filters, k-anonymity, caching.

mod forecasts;
mod impact;
mod live;
mod open_data;
mod open_data_served;
mod pages;
mod participation;
mod privacy;
