/// The console's style sheet and script, served from the binary at `/assets/`. They are files
/// of their own (`Console/Assets/`), embedded when the package is built.
enum ConsoleAssets {
    /// `console.css`: phone first (360 px wide), tiles in columns on a tablet.
    static let style = String(decoding: PackageResources.console_css, as: UTF8.self)

    /// `console.js`: live status and results, arming, sales, event mode and setup.
    static let script = String(decoding: PackageResources.console_js, as: UTF8.self)
}
