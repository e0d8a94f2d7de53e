//! Exports: an assessment rendered for people and programs that never open dsw.
//! One file per format; no terminal code here.

pub mod json;
pub mod text;
