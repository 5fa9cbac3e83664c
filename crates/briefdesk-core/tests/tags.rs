//! Tags: one per name whatever the case, rename and merge keep every link, colours are checked.

mod common;

use briefdesk_core::{BriefDraft, BriefQuery, Error, Library, TagInfo};
use common::*;

fn tag(lib: &Library, name: &str) -> TagInfo {
    lib.tag(name).unwrap_or_else(|e| panic!("tag {name}: {e}"))
}

fn names(lib: &Library) -> Vec<String> {
    lib.tags()
        .expect("tags")
        .into_iter()
        .map(|t| t.name)
        .collect()
}

#[test]
fn names_are_unique_without_regard_to_case() {
    on_both(|lib| {
        let mut first = huawei();
        first.tags = vec!["China".into()];
        let mut second = cotton();
        second.tags = vec!["china".into(), "Labour".into()];
        let a = lib.create_brief(&first).unwrap();
        let b = lib.create_brief(&second).unwrap();

        assert_eq!(names(lib), ["China", "Labour"]);
        assert_eq!(tag(lib, "CHINA").count, 2);
        // The first spelling wins and every brief shows it.
        assert_eq!(lib.brief(a.id).unwrap().tags, ["China"]);
        assert_eq!(lib.brief(b.id).unwrap().tags, ["China", "Labour"]);

        // add_tag with another case finds the same tag.
        let added = lib.add_tag(" CHINA ", None).unwrap();
        assert_eq!(
            added,
            TagInfo {
                name: "China".into(),
                colour: None,
                count: 2
            }
        );
        assert_eq!(names(lib), ["China", "Labour"]);

        // Filtering by any spelling finds both.
        let page = lib
            .list_briefs(&BriefQuery {
                tags: vec!["cHiNa".into()],
                ..BriefQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, 2);
    });
}

#[test]
fn rename_keeps_links_and_moves_search() {
    on_both(|lib| {
        let a = lib.create_brief(&huawei()).unwrap();
        let b = lib.create_brief(&cotton()).unwrap();
        let mut third = tycoon();
        third.tags.push("china".into());
        let c = lib.create_brief(&third).unwrap();
        assert_eq!(tag(lib, "China").count, 2);
        // No brief mentions "China" but in its tags (the tycoon's outlet says "South China", so
        // search for the tag's word alone finds it through the source line too).
        assert_eq!(search_ids(lib, "China ").len(), 2);

        let renamed = lib.rename_tag("china", "Mainland").unwrap();
        assert_eq!(
            renamed,
            TagInfo {
                name: "Mainland".into(),
                colour: None,
                count: 2
            }
        );
        assert!(names(lib).iter().all(|n| !n.eq_ignore_ascii_case("china")));
        assert_eq!(lib.brief(a.id).unwrap().tags, ["Mainland", "Technology"]);
        assert_eq!(lib.brief(c.id).unwrap().tags, ["Hong Kong", "Mainland"]);
        assert_eq!(lib.brief(b.id).unwrap().tags, ["Labour", "Xinjiang"]);

        let mut found = search_ids(lib, "mainland ");
        found.sort();
        let mut expected = vec![a.id, c.id];
        expected.sort();
        assert_eq!(found, expected);
        // The old name now only matches the tycoon brief's outlet, "South China Morning Post".
        assert_eq!(search_ids(lib, "china "), [c.id]);
        assert_eq!(
            search_ids(lib, "china technology "),
            Vec::<uuid::Uuid>::new()
        );

        // A change of case only is a rename too.
        lib.rename_tag("MAINLAND", "mainland").unwrap();
        assert_eq!(lib.brief(a.id).unwrap().tags, ["mainland", "Technology"]);
        assert_eq!(tag(lib, "Mainland").count, 2);
    });
}

#[test]
fn rename_onto_an_existing_name_is_a_conflict() {
    on_both(|lib| {
        lib.create_brief(&huawei()).unwrap();
        lib.create_brief(&chips()).unwrap();
        let before = snapshot(lib);
        let err = lib.rename_tag("China", "technology").unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
        assert!(
            err.to_string().contains("merge"),
            "the message suggests a merge: {err}"
        );
        assert_eq!(snapshot(lib), before);

        let err = lib.rename_tag("China", "  ").unwrap_err();
        assert!(err.to_string().starts_with("new name:"), "{err}");
        assert_eq!(snapshot(lib), before);
    });
}

#[test]
fn merge_moves_links_once() {
    on_both(|lib| {
        let mut only_tech = huawei();
        only_tech.tags = vec!["Tech".into()];
        let mut only_technology = chips();
        only_technology.tags = vec!["Technology".into(), "Taiwan".into()];
        let mut both = factories();
        both.tags = vec!["Tech".into(), "Technology".into()];
        let a = lib.create_brief(&only_tech).unwrap();
        let b = lib.create_brief(&only_technology).unwrap();
        let c = lib.create_brief(&both).unwrap();
        lib.create_brief(&cotton()).unwrap();

        let merged = lib.merge_tags("tech", "TECHNOLOGY").unwrap();
        assert_eq!(
            merged,
            TagInfo {
                name: "Technology".into(),
                colour: None,
                count: 3
            }
        );
        assert!(matches!(lib.tag("Tech"), Err(Error::NotFound { .. })));
        assert_eq!(lib.brief(a.id).unwrap().tags, ["Technology"]);
        assert_eq!(lib.brief(b.id).unwrap().tags, ["Taiwan", "Technology"]);
        assert_eq!(
            lib.brief(c.id).unwrap().tags,
            ["Technology"],
            "one link, not two"
        );

        // Search follows: the merged-away name is gone from the index, the kept one finds all three.
        assert!(search_ids(lib, "tech ").is_empty());
        assert_eq!(search_ids(lib, "technology ").len(), 3);

        assert!(matches!(
            lib.merge_tags("Technology", "technology"),
            Err(Error::Invalid { .. })
        ));
        assert!(matches!(
            lib.merge_tags("Nope", "Technology"),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            lib.merge_tags("Technology", "Nope"),
            Err(Error::NotFound { .. })
        ));
    });
}

#[test]
fn recolour_checks_the_colour() {
    on_both(|lib| {
        lib.create_brief(&huawei()).unwrap();
        let coloured = lib.recolour_tag("china", Some("#CC3333")).unwrap();
        assert_eq!(
            coloured,
            TagInfo {
                name: "China".into(),
                colour: Some("#cc3333".into()),
                count: 1
            }
        );

        let before = snapshot(lib);
        for bad in ["red", "#12345", "cc3333", "#gg0000", ""] {
            let err = lib.recolour_tag("China", Some(bad)).unwrap_err();
            assert!(err.to_string().starts_with("colour:"), "{bad:?}: {err}");
        }
        assert_eq!(snapshot(lib), before);
        assert_eq!(tag(lib, "China").colour.as_deref(), Some("#cc3333"));

        assert_eq!(lib.recolour_tag("China", None).unwrap().colour, None);
        assert!(matches!(
            lib.recolour_tag("Nope", Some("#000000")),
            Err(Error::NotFound { .. })
        ));

        // add_tag with a colour colours an existing tag and creates a new one.
        assert_eq!(
            lib.add_tag("china", Some("#3366cc"))
                .unwrap()
                .colour
                .as_deref(),
            Some("#3366cc")
        );
        let fresh = lib.add_tag("Elections", Some("#0A0")).unwrap();
        assert_eq!(
            fresh,
            TagInfo {
                name: "Elections".into(),
                colour: Some("#0a0".into()),
                count: 0
            }
        );
        assert!(
            lib.add_tag("Elections", Some("green"))
                .unwrap_err()
                .to_string()
                .starts_with("colour:")
        );
    });
}

#[test]
fn counts_follow_the_briefs() {
    on_both(|lib| {
        let ids: Vec<_> = sample_drafts()
            .iter()
            .map(|d| lib.create_brief(d).unwrap().id)
            .collect();
        let counts = |lib: &Library| -> Vec<(String, u32)> {
            lib.tags()
                .unwrap()
                .into_iter()
                .map(|t| (t.name, t.count))
                .collect()
        };
        let owned = |v: &[(&str, u32)]| -> Vec<(String, u32)> {
            v.iter().map(|(n, c)| (n.to_string(), *c)).collect()
        };
        assert_eq!(
            counts(lib),
            owned(&[
                ("China", 1),
                ("Hong Kong", 1),
                ("Labour", 1),
                ("Taiwan", 1),
                ("Technology", 3),
                ("Vietnam", 1),
                ("Xinjiang", 1),
            ])
        );
        lib.delete_brief(ids[2]).unwrap();
        let mut draft = BriefDraft::from(&lib.brief(ids[1]).unwrap());
        draft.tags.push("Technology".into());
        lib.update_brief(ids[1], &draft).unwrap();
        assert_eq!(
            counts(lib),
            owned(&[
                ("China", 1),
                ("Hong Kong", 1),
                ("Labour", 1),
                ("Taiwan", 0),
                ("Technology", 3),
                ("Vietnam", 1),
                ("Xinjiang", 1),
            ])
        );
    });
}

#[test]
fn remove_tag_keeps_the_briefs() {
    on_both(|lib| {
        let a = lib.create_brief(&huawei()).unwrap();
        let b = lib.create_brief(&chips()).unwrap();
        lib.remove_tag("technology").unwrap();

        assert_eq!(all_briefs(lib).len(), 2);
        assert_eq!(lib.brief(a.id).unwrap().tags, ["China"]);
        assert_eq!(lib.brief(b.id).unwrap().tags, ["Taiwan"]);
        assert!(matches!(lib.tag("Technology"), Err(Error::NotFound { .. })));
        assert!(
            search_ids(lib, "technology").is_empty(),
            "the index forgets a removed tag"
        );
        assert!(matches!(
            lib.remove_tag("Technology"),
            Err(Error::NotFound { .. })
        ));
    });
}

#[test]
fn unknown_tags_are_not_found() {
    on_both(|lib| {
        lib.create_brief(&huawei()).unwrap();
        let before = snapshot(lib);
        assert!(matches!(
            lib.rename_tag("Nope", "Other"),
            Err(Error::NotFound { what: "tag", .. })
        ));
        assert!(matches!(lib.tag("Nope"), Err(Error::NotFound { .. })));
        assert_eq!(snapshot(lib), before);
    });
}

#[test]
fn non_ascii_names_are_unique_without_regard_to_case() {
    // SQLite's NOCASE folds only ASCII letters; "ÉLYSÉE" and "Élysée" are still one tag.
    on_both(|lib| {
        let mut first = huawei();
        first.tags = vec!["Élysée".into()];
        let mut second = factories();
        second.tags = vec!["ÉLYSÉE".into(), "Ürümqi".into()];
        let a = lib.create_brief(&first).unwrap();
        let b = lib.create_brief(&second).unwrap();

        assert_eq!(names(lib), ["Élysée", "Ürümqi"]);
        assert_eq!(tag(lib, "élysée").count, 2);
        assert_eq!(lib.brief(b.id).unwrap().tags, ["Élysée", "Ürümqi"]);

        let page = lib
            .list_briefs(&BriefQuery {
                tags: vec!["ÉLYSÉE".into()],
                ..BriefQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, 2);
        let page = lib
            .list_briefs(&BriefQuery {
                tags: vec!["élysée".into(), "ürümqi".into()],
                ..BriefQuery::default()
            })
            .unwrap();
        assert_eq!(page.items.iter().map(|b| b.id).collect::<Vec<_>>(), [b.id]);

        assert_eq!(
            lib.recolour_tag("ÉLYSÉE", Some("#123456"))
                .unwrap()
                .colour
                .as_deref(),
            Some("#123456")
        );
        let err = lib.rename_tag("Ürümqi", "élysée").unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
        lib.rename_tag("élysée", "ÉLYSÉE").unwrap();
        assert_eq!(lib.brief(a.id).unwrap().tags, ["ÉLYSÉE"]);
        lib.merge_tags("ürümqi", "élysée").unwrap();
        assert_eq!(tag(lib, "Élysée").count, 2);
        lib.remove_tag("élysée").unwrap();
        assert!(names(lib).is_empty());
        assert!(lib.brief(a.id).unwrap().tags.is_empty());
    });
}

#[test]
fn only_an_unused_tag_can_be_deleted() {
    on_both(|lib| {
        let mut tagged = huawei();
        tagged.tags = vec!["China".into()];
        lib.create_brief(&tagged).unwrap();
        lib.add_tag("Typo", None).unwrap();

        let refused = lib.delete_unused_tag("china");
        assert!(
            matches!(&refused, Err(Error::Conflict(m)) if m.contains("1 brief still carries")),
            "{refused:?}"
        );
        assert_eq!(tag(lib, "China").count, 1);

        lib.delete_unused_tag(" typo ").unwrap();
        assert_eq!(names(lib), ["China"]);
        assert!(matches!(
            lib.delete_unused_tag("Typo"),
            Err(Error::NotFound { .. })
        ));
    });
}
