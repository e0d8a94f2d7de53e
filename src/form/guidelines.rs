//! The 13 政府數位服務指引 and their reference material: layers (層面), the
//! guideline→layer map (表2), every guideline×layer 注意事項, and the glossary.

use serde::Deserialize;

use super::Text;

/// The content of `guidelines.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidelines {
    /// The documents this content was transcribed from.
    #[serde(default)]
    pub source: Option<Text>,
    /// The 10 layers of 表1, in table order.
    #[serde(rename = "layer")]
    pub layers: Vec<Layer>,
    /// The 13 guidelines, in order.
    #[serde(rename = "guideline")]
    pub guidelines: Vec<Guideline>,
    /// The 注意事項 for each guideline × layer, in document order.
    #[serde(default, rename = "section")]
    pub sections: Vec<Section>,
    /// The glossary (名詞解釋).
    #[serde(default, rename = "term")]
    pub terms: Vec<Term>,
}

/// A layer (層面) of the 配套措施, with its 定義與範圍.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// Stable id, e.g. `security`.
    pub id: Text,
    /// The official name, e.g. 資安.
    pub name: Text,
    /// 定義與範圍.
    pub definition: Text,
}

/// One of the 13 guidelines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guideline {
    /// `"1"`..`"13"`.
    pub id: Text,
    /// The Chinese numeral used in official documents, e.g. 七.
    pub numeral: Text,
    /// The title, e.g. 兼顧資安、隱私及便利性.
    pub title: Text,
    /// The one-line principle under the title.
    pub principle: Text,
    /// The explanation paragraph(s).
    pub explanation: Text,
    /// Ids of the layers 表2 relates the guideline to.
    pub layers: Vec<Text>,
}

/// The 注意事項 of one guideline in one layer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The guideline's id.
    pub guideline: Text,
    /// The layer's id.
    pub layer: Text,
    /// The numbered notes, in order.
    #[serde(rename = "note")]
    pub notes: Vec<Note>,
}

/// A numbered note of a 注意事項 section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Its number in the section (1, 2, …).
    pub n: toml::Spanned<u32>,
    /// The official text, footnote markers removed.
    pub text: Text,
    /// The footnotes the note cites.
    #[serde(default)]
    pub refs: Vec<Reference>,
}

/// A footnote cited by a note: a standard, a guide or a web page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The footnote's number in the official document.
    pub n: u32,
    /// The footnote's title or description.
    pub text: Text,
    /// Its address, when the footnote has one.
    #[serde(default)]
    pub url: Option<Text>,
}

/// A glossary term (名詞解釋).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term.
    pub term: Text,
    /// Its official definition.
    pub definition: Text,
}

impl Guidelines {
    /// The guideline with this id; accepts `"7"` as well as the numeral `"七"`.
    pub fn guideline(&self, id: &str) -> Option<&Guideline> {
        let id = id.trim();
        self.guidelines
            .iter()
            .find(|g| *g.id == *id || *g.numeral == *id)
    }

    /// The layer with this id.
    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|layer| *layer.id == *id)
    }

    /// The 注意事項 of a guideline in the order of its layers in 表2.
    pub fn sections_of<'a>(
        &'a self,
        guideline: &'a Guideline,
    ) -> impl Iterator<Item = &'a Section> {
        guideline.layers.iter().filter_map(move |layer| {
            self.sections
                .iter()
                .find(|s| *s.guideline == *guideline.id && *s.layer == **layer)
        })
    }
}

impl Guideline {
    /// The official heading form, e.g. 七、兼顧資安、隱私及便利性.
    pub fn heading(&self) -> String {
        format!("{}、{}", self.numeral, self.title)
    }

    /// The heading of this guideline's notes for `layer`, in the interface language
    /// (the title and the layer's name stay as the official text has them).
    pub fn notes_heading(&self, layer: &Layer, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => format!("「{}」在{}層面的注意事項", self.title, layer.name),
            crate::i18n::Lang::En => {
                format!("“{}”: notes for the layer {}", self.title, layer.name)
            }
        }
    }
}
