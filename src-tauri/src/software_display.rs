//! On a Linux machine without a GPU (a VM, a remote desktop, a CI display), GTK would start
//! Mesa's software OpenGL (LLVM's code generator among it) at start-up only to choose its
//! windows' visuals: about 0.2 s before the window can appear (measured with
//! `cargo xtask startup-time`, docs/startup.md). Nothing draws with that GL: WebKitGTK then
//! draws the page on the CPU either way. So without a GPU render node GTK's GL is switched off
//! before GTK starts; with one, nothing changes. An editor who sets `GDK_GL` or `GDK_DEBUG`
//! keeps their own choice.

use std::path::Path;

/// Where the kernel lists GPU render nodes (`renderD128`…).
#[cfg(target_os = "linux")]
const DRI_DIR: &str = "/dev/dri";

/// Whether `dir` (the kernel's DRI folder) holds a render node: no such folder, no GPU.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Call first in `main`, before any other thread exists (the environment is changed).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub fn skip_gl_without_gpu() {
    let chosen = std::env::var_os("GDK_GL").is_some() || std::env::var_os("GDK_DEBUG").is_some();
    if chosen || has_render_node(Path::new(DRI_DIR)) {
        return;
    }
    // SAFETY: called at the top of `main`, before the log's writer thread or any other thread
    // starts, so no other thread reads or writes the environment meanwhile.
    unsafe { std::env::set_var("GDK_GL", "disable") };
}

#[cfg(not(target_os = "linux"))]
pub fn skip_gl_without_gpu() {}

#[cfg(test)]
mod tests {
    use super::has_render_node;

    #[test]
    fn a_render_node_is_a_gpu_and_a_missing_folder_is_none() {
        let dir = tempfile::tempdir().expect("temporary folder");
        assert!(!has_render_node(&dir.path().join("absent")));
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), b"").expect("write");
        assert!(!has_render_node(dir.path()), "a card without a render node");
        std::fs::write(dir.path().join("renderD128"), b"").expect("write");
        assert!(has_render_node(dir.path()));
    }
}
