//! Consultation pages: the consultation itself (contribute, support,
//! prioritise), the form that opens one, and the lists of contributions
//! (response queue, mine, "you said, we did", moderation).

pub mod consultation;
pub mod contributions;
pub mod form;
pub mod proposals;
