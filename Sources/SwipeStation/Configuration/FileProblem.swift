import Foundation

/// A file error in a person's words: "no such file", "permission denied", "is a
/// folder", never Foundation's `Error Domain=NSCocoaErrorDomain Code=260 ...`.
public enum FileProblem {
    /// What went wrong with a file, without the file's name (the caller names it).
    /// `path`, when given, lets a folder where a file belongs be said as such.
    public static func describe(_ error: any Error, path: String? = nil) -> String {
        if let path, isFolder(path) { return "it is a folder, not a file" }
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posix(Int32(underlying.code))
        }
        if error.domain == NSPOSIXErrorDomain { return posix(Int32(error.code)) }
        if error.domain == NSCocoaErrorDomain {
            switch error.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileReadInapplicableStringEncodingError: return "not UTF-8 text"
            case NSFileReadCorruptFileError: return "the file is damaged or not of the expected kind"
            case NSFileWriteOutOfSpaceError: return "the disk is full"
            case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
            default: break
            }
            // Foundation's "unknown" read error: most often a folder where a file was expected.
            if let path = error.userInfo[NSFilePathErrorKey] as? String, isFolder(path) {
                return "it is a folder, not a file"
            }
            return "it cannot be read (error \(error.code))"
        }
        return "\(error.localizedDescription)"
    }

    private static func posix(_ code: Int32) -> String {
        code == EISDIR ? "it is a folder, not a file" : String(cString: strerror(code))
    }

    private static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }
}
