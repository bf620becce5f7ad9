@preconcurrency import Glibc

/// Standard output written a line at a time, even into a pipe or a file (where the C
/// library would otherwise hold it in blocks): a saved log reads in the order things
/// happened, interleaved rightly with standard error.
enum LineBufferedOutput {
    /// Call once, before anything is printed.
    static func enable() {
        setvbuf(Glibc.stdout, nil, _IOLBF, 0)
    }
}
