import Foundation

/// Where `swipe demo` finds the recordings it plays: the folder given with
/// `--recordings`, else the first of these that holds them all:
///
/// - `../share/swipe/recordings` beside the binary's folder, and
///   `/usr/share/swipe/recordings` (the Debian package installs them there);
/// - a `hardware/` folder in the binary's folder or any folder above it (a build in
///   a clone: `.build/debug/swipe`, `.build/x86_64-unknown-linux-gnu/release/swipe`);
/// - the `hardware/` folder of the clone this binary was built from;
/// - `hardware/` in the working folder.
enum DemoRecordings {
    /// Where the Debian package puts the recordings.
    static let installedFolder = "/usr/share/swipe/recordings"

    /// The folder holding every one of `files`.
    static func folder(override: String?, files: [String]) throws -> String {
        if let override {
            let missing = files.filter { !isFile(override + "/" + $0) }
            guard missing.isEmpty else {
                throw CLIError(
                    "the folder \(override) (--recordings) does not hold \(missing.joined(separator: ", ")): "
                        + "give the folder with the bundled recordings (hardware/ in a clone, "
                        + "\(installedFolder) when installed)", status: 2)
            }
            return override
        }
        let candidates = self.candidates()
        if let found = candidates.first(where: { folder in files.allSatisfy { isFile(folder + "/" + $0) } }) {
            return found
        }
        throw CLIError(
            "cannot find the bundled recordings (\(files.joined(separator: ", "))); looked in "
                + candidates.joined(separator: ", ")
                + ". Install the swipe package, or give their folder with --recordings.", status: 2)
    }

    /// The folders looked in, in order.
    static func candidates() -> [String] {
        var folders: [String] = []
        if let binary = executableFolder() {
            folders.append(standardized(binary + "/../share/swipe/recordings"))
            folders.append(installedFolder)
            var folder = binary
            while folder != "/" && !folder.isEmpty {
                folders.append(folder + "/hardware")
                folder = (folder as NSString).deletingLastPathComponent
            }
        } else {
            folders.append(installedFolder)
        }
        // This file is Sources/swipe/Station/DemoRecordings.swift in the clone the binary was built from.
        let clone = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        folders.append(clone.appendingPathComponent("hardware").path)
        folders.append(FileManager.default.currentDirectoryPath + "/hardware")
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    private static func executableFolder() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        return (path as NSString).deletingLastPathComponent
    }

    private static func standardized(_ path: String) -> String { (path as NSString).standardizingPath }

    private static func isFile(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && !folder.boolValue
    }
}
