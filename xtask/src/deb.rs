//! Packing a .deb as small as xz makes it: dpkg-deb builds it, then its data member (the files,
//! nearly all of it two x86-64 programs) is compressed again with xz's x86 branch filter in
//! front of LZMA2. dpkg-deb cannot ask for a filter, but dpkg and apt unpack any xz stream, the
//! filter included, so only the packing changes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::sh;

/// The member of a .deb that holds the installed files, xz-compressed.
const DATA_MEMBER: &str = "data.tar.xz";

/// Builds a .deb from an unpacked tree (DEBIAN/ and the files), xz-compressed at its strongest,
/// the data member with the x86 filter when that is smaller (and xz is installed).
pub fn pack(tree: &Path, deb: &Path) -> Result<()> {
    let mut pack = Command::new("dpkg-deb");
    pack.args(["--root-owner-group", "-Zxz", "-z9", "-Sextreme", "--build"])
        .arg(tree)
        .arg(deb);
    sh::run(pack)?;
    if !sh::on_path("xz") {
        eprintln!("xtask: no xz here: the .deb's files stay without the x86 filter");
        return Ok(());
    }
    let bytes = std::fs::read(deb).with_context(|| format!("cannot read {}", deb.display()))?;
    let mut members = read_ar(&bytes)
        .with_context(|| format!("{} is not a .deb dpkg-deb writes", deb.display()))?;
    let Some(data) = members.iter_mut().find(|m| m.name == DATA_MEMBER) else {
        bail!("{} has no {DATA_MEMBER}", deb.display());
    };
    let tar = run_piped(Command::new("xz").args(["-d", "-c"]), &data.bytes)
        .with_context(|| format!("cannot unpack {DATA_MEMBER} of {}", deb.display()))?;
    // -9e with a 64 MiB window: both programs (which share the core and SQLite) fit in one.
    let filtered = run_piped(
        Command::new("xz").args(["-c", "-T1", "--x86", "--lzma2=preset=9e"]),
        &tar,
    )
    .with_context(|| format!("cannot compress {DATA_MEMBER} of {}", deb.display()))?;
    if filtered.len() >= data.bytes.len() {
        return Ok(());
    }
    data.bytes = filtered;
    std::fs::write(deb, write_ar(&members))
        .with_context(|| format!("cannot write {}", deb.display()))
}

/// `cmd` with `input` on its standard input; its standard output, or why it failed.
fn run_piped(cmd: &mut Command, input: &[u8]) -> Result<Vec<u8>> {
    let shown = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("cannot start {shown}"))?;
    let mut stdin = child.stdin.take().context("no stdin")?;
    // Written from another thread: the child's output pipe would fill while we still write.
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child
        .wait_with_output()
        .with_context(|| format!("{shown} did not finish"))?;
    let written = writer
        .join()
        .map_err(|_| anyhow::anyhow!("{shown}: the writer panicked"))?;
    if !out.status.success() {
        bail!("{shown} failed ({})", out.status);
    }
    written.with_context(|| format!("cannot feed {shown}"))?;
    Ok(out.stdout)
}

/// One file in an ar archive.
#[derive(Debug, PartialEq)]
struct Member {
    name: String,
    /// The header's other fields as they were (mtime, owner, group, mode), kept verbatim.
    fields: [u8; 32],
    bytes: Vec<u8>,
}

const AR_MAGIC: &[u8] = b"!<arch>\n";
const HEADER_LEN: usize = 60;

/// The members of a common-format ar archive, as dpkg-deb writes them (short names, no symbol
/// table).
fn read_ar(bytes: &[u8]) -> Result<Vec<Member>> {
    let Some(mut rest) = bytes.strip_prefix(AR_MAGIC) else {
        bail!("no ar magic");
    };
    let mut members = Vec::new();
    while !rest.is_empty() {
        if rest.len() < HEADER_LEN || &rest[58..60] != b"`\n" {
            bail!("a member's header is cut short or malformed");
        }
        let text = |range: std::ops::Range<usize>| {
            std::str::from_utf8(&rest[range])
                .map(|s| s.trim_end().to_string())
                .context("a header field is not text")
        };
        let name = text(0..16)?;
        let size: usize = text(48..58)?
            .parse()
            .with_context(|| format!("member {name}: bad size"))?;
        let mut fields = [0u8; 32];
        fields.copy_from_slice(&rest[16..48]);
        let body = &rest[HEADER_LEN..];
        if body.len() < size {
            bail!("member {name} is cut short");
        }
        members.push(Member {
            name,
            fields,
            bytes: body[..size].to_vec(),
        });
        // Members start at even offsets: an odd-sized one is followed by a newline.
        let next = (size + size % 2).min(body.len());
        rest = &body[next..];
    }
    Ok(members)
}

fn write_ar(members: &[Member]) -> Vec<u8> {
    let mut out = AR_MAGIC.to_vec();
    for member in members {
        out.extend_from_slice(format!("{:<16}", member.name).as_bytes());
        out.extend_from_slice(&member.fields);
        out.extend_from_slice(format!("{:<10}`\n", member.bytes.len()).as_bytes());
        out.extend_from_slice(&member.bytes);
        if member.bytes.len() % 2 == 1 {
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, bytes: &[u8]) -> Member {
        let mut fields = [b' '; 32];
        fields[..1].copy_from_slice(b"0");
        fields[12..13].copy_from_slice(b"0");
        fields[18..19].copy_from_slice(b"0");
        fields[24..30].copy_from_slice(b"100644");
        Member {
            name: name.to_string(),
            fields,
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn an_archive_reads_back_as_written_odd_sizes_padded() {
        let members = vec![
            member("debian-binary", b"2.0\n"),
            member("control.tar.xz", b"odd"),
            member(DATA_MEMBER, b"even"),
        ];
        let bytes = write_ar(&members);
        // What dpkg (and the updater's check) look for first.
        assert!(bytes.starts_with(b"!<arch>\ndebian-binary   "));
        assert_eq!(bytes.len() % 2, 0);
        assert_eq!(read_ar(&bytes).unwrap(), members);
    }

    /// A real package (dpkg's own program as its file): dpkg-deb unpacks it to the same bytes,
    /// and its files went through the x86 filter.
    #[test]
    fn dpkg_unpacks_the_filtered_package_to_the_same_files() {
        if !sh::on_path("dpkg-deb") || !sh::on_path("xz") || !Path::new("/usr/bin/dpkg").is_file() {
            eprintln!("no dpkg-deb or xz here: nothing to check");
            return;
        }
        let scratch = tempdir();
        let tree = scratch.join("tree");
        std::fs::create_dir_all(tree.join("DEBIAN")).unwrap();
        std::fs::create_dir_all(tree.join("usr/bin")).unwrap();
        std::fs::write(
            tree.join("DEBIAN/control"),
            "Package: xtask-probe\nVersion: 1.0\nArchitecture: amd64\n\
             Maintainer: Nobody <nobody@example.org>\nDescription: a test\n",
        )
        .unwrap();
        let program = std::fs::read("/usr/bin/dpkg").unwrap();
        std::fs::write(tree.join("usr/bin/probe"), &program).unwrap();
        let deb = scratch.join("probe.deb");
        pack(&tree, &deb).unwrap();

        let members = read_ar(&std::fs::read(&deb).unwrap()).unwrap();
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["debian-binary", "control.tar.xz", DATA_MEMBER]);
        let data = scratch.join("data.tar.xz");
        std::fs::write(&data, &members[2].bytes).unwrap();
        let listed = Command::new("xz")
            .args(["--robot", "--list", "-vv"])
            .arg(&data)
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&listed.stdout).contains("--x86"));

        let out = scratch.join("out");
        let status = Command::new("dpkg-deb")
            .arg("--extract")
            .arg(&deb)
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(std::fs::read(out.join("usr/bin/probe")).unwrap() == program);
        std::fs::remove_dir_all(&scratch).unwrap();
    }

    fn tempdir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-deb-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_truncated_or_foreign_archive_is_refused() {
        let bytes = write_ar(&[member("debian-binary", b"2.0\n")]);
        assert!(read_ar(&bytes[..bytes.len() - 2]).is_err());
        assert!(read_ar(&bytes[..40]).is_err());
        assert!(read_ar(b"PK\x03\x04 not an ar").is_err());
    }
}
