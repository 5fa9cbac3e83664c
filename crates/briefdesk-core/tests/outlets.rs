//! Outlet completion: outlets already used in sources, most used first, one per name whatever
//! the case, matched by the start of the name.

mod common;

use common::*;

fn outlets(lib: &briefdesk_core::Library, prefix: &str, limit: u32) -> Vec<String> {
    lib.outlets(prefix, limit)
        .unwrap_or_else(|e| panic!("outlets {prefix:?}: {e}"))
}

#[test]
fn most_used_first_and_one_per_name_whatever_the_case() {
    on_both(|lib| {
        let briefs = [
            (
                "One",
                vec![source("Radio Free Asia", "2020-11-27", "https://rfa.org/1")],
            ),
            (
                "Two",
                vec![source("radio free asia", "2020-11-27", "https://rfa.org/2")],
            ),
            (
                "Three",
                vec![source("Radio Free Asia", "2020-11-27", "https://rfa.org/3")],
            ),
            (
                "Four",
                vec![
                    source("Reuters", "2020-11-27", "https://reuters.com/4"),
                    source("Liberty Times Net", "2020-11-27", "https://ltn.com.tw/4"),
                ],
            ),
            (
                "Five",
                vec![source("Reuters", "2020-11-27", "https://reuters.com/5")],
            ),
        ];
        for (headline, sources) in briefs {
            lib.create_brief(&draft(headline, "", sources, &[]))
                .unwrap();
        }

        // Three uses of Radio Free Asia in two spellings: one entry, the commoner spelling.
        assert_eq!(
            outlets(lib, "", 10),
            ["Radio Free Asia", "Reuters", "Liberty Times Net"]
        );
        assert_eq!(outlets(lib, "r", 10), ["Radio Free Asia", "Reuters"]);
        assert_eq!(outlets(lib, "  RE", 10), ["Reuters"]);
        assert_eq!(outlets(lib, "radio free asia", 10), ["Radio Free Asia"]);
        // A prefix, not a substring.
        assert!(outlets(lib, "asia", 10).is_empty());
        assert_eq!(outlets(lib, "", 2), ["Radio Free Asia", "Reuters"]);
        assert!(outlets(lib, "", 0).is_empty());
    });
}

#[test]
fn names_beyond_ascii_fold_too_and_deleted_briefs_leave_no_outlet() {
    on_both(|lib| {
        let first = lib
            .create_brief(&draft(
                "Un",
                "",
                vec![source("Élysée", "2020-11-27", "https://elysee.fr/1")],
                &[],
            ))
            .unwrap();
        lib.create_brief(&draft(
            "Deux",
            "",
            vec![source("ÉLYSÉE", "2020-11-27", "https://elysee.fr/2")],
            &[],
        ))
        .unwrap();
        assert_eq!(outlets(lib, "éLy", 10).len(), 1);

        lib.delete_brief(first.id).unwrap();
        assert_eq!(outlets(lib, "é", 10), ["ÉLYSÉE"]);
        assert!(outlets(lib, "x", 10).is_empty());
    });
}

#[test]
fn equal_use_is_ordered_by_name() {
    on_both(|lib| {
        for (headline, outlet) in [("A", "Nikkei Asia"), ("B", "AFP"), ("C", "Kyodo")] {
            lib.create_brief(&draft(
                headline,
                "",
                vec![source(outlet, "2020-11-27", "https://example.org/x")],
                &[],
            ))
            .unwrap();
        }
        assert_eq!(outlets(lib, "", 10), ["AFP", "Kyodo", "Nikkei Asia"]);
    });
}
