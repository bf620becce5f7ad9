import CLibUSB
import Foundation
import SwipeCards
public import SwipeHID
import Synchronization

/// The real USB side, through libusb: the only place in swipe that calls it.
///
/// Each reader is read on a thread of its own with interrupt transfers; a thread
/// runs libusb's event handling for hotplug. A reader is claimed with its kernel
/// driver detached (a keyboard-emulation reader must never type a card number
/// into the console), and given back to the driver when released.
public final class LibUSBBackend: USBReaderBackend {
    /// Creates the backend; libusb is initialised per listing or listening session.
    public init() {}

    /// The supported readers present now, each opened and closed once to tell
    /// whether swipe may use it.
    public func list(extra: [SupportedReader]) throws(USBError) -> [USBReaderListing] {
        let context = try LibUSBContext()
        var listings: [USBReaderListing] = []
        for device in context.devices() {
            defer { libusb_unref_device(device.pointer) }
            guard let found = context.describe(device, extra: extra) else { continue }
            var handle: OpaquePointer?
            let code = libusb_open(device.pointer, &handle)
            if let handle { libusb_close(handle) }
            listings.append(
                USBReaderListing(device: found, openProblem: code == 0 ? nil : LibUSBContext.explain(code)))
        }
        return listings
    }

    /// Opens every supported reader, now and as they are plugged in, until the
    /// consumer stops iterating.
    public func events(extra: [SupportedReader]) -> AsyncStream<USBReaderEvent> {
        let (stream, continuation) = AsyncStream<USBReaderEvent>.makeStream()
        do {
            let session = LibUSBSession(context: try LibUSBContext(), extra: extra, continuation: continuation)
            continuation.onTermination = { _ in session.stop() }
            session.start()
        } catch {
            continuation.yield(.notice("USB readers are not available: \(error)"))
            continuation.finish()
        }
        return stream
    }
}

/// A libusb device pointer that may cross threads (libusb is thread safe).
struct LibUSBDevice: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// A libusb context, closed when the last reference goes.
final class LibUSBContext: @unchecked Sendable {
    let pointer: OpaquePointer

    init() throws(USBError) {
        var context: OpaquePointer?
        let code = libusb_init(&context)
        guard code == 0, let context else { throw USBError("libusb: \(Self.explain(code))") }
        _ = swipe_libusb_log_level_warning(context)
        pointer = context
    }

    deinit { libusb_exit(pointer) }

    /// Every device on the bus, each referenced once (the caller unreferences it).
    func devices() -> [LibUSBDevice] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(pointer, &list)
        guard count > 0, let list else { return [] }
        defer { libusb_free_device_list(list, 0) }
        var devices: [LibUSBDevice] = []
        for index in 0..<Int(count) {
            if let device = list[index] { devices.append(LibUSBDevice(pointer: libusb_ref_device(device))) }
        }
        return devices
    }

    /// The reader this device is, if swipe supports it.
    func describe(_ device: LibUSBDevice, extra: [SupportedReader]) -> USBReaderDevice? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device.pointer, &descriptor) == 0,
            let reader = SupportedReader.match(
                vendorID: descriptor.idVendor, productID: descriptor.idProduct, extra: extra)
        else { return nil }
        return USBReaderDevice(
            location: location(of: device), vendorID: descriptor.idVendor, productID: descriptor.idProduct,
            reader: reader)
    }

    /// `bus-port.port...`, as the kernel names the device.
    func location(of device: LibUSBDevice) -> String {
        var ports = [UInt8](repeating: 0, count: 8)
        let depth = libusb_get_port_numbers(device.pointer, &ports, Int32(ports.count))
        let bus = libusb_get_bus_number(device.pointer)
        guard depth > 0 else { return "\(bus)-\(libusb_get_device_address(device.pointer))" }
        return "\(bus)-" + ports[0..<Int(depth)].map(String.init).joined(separator: ".")
    }

    /// libusb's words for an error code, with a hint where one helps.
    static func explain(_ code: Int32) -> String {
        let name = String(cString: libusb_strerror(code))
        switch code {
        case Int32(LIBUSB_ERROR_ACCESS.rawValue):
            return "\(name) (install udev/70-swipe.rules and add the user to the group swipe)"
        case Int32(LIBUSB_ERROR_BUSY.rawValue):
            return "\(name) (another program has claimed the reader)"
        default:
            return name
        }
    }
}

/// One listening session: hotplug (or polling where hotplug is missing), one
/// reading thread per reader, and a clean release of everything on stop.
final class LibUSBSession: @unchecked Sendable {
    private let context: LibUSBContext
    private let extra: [SupportedReader]
    private let continuation: AsyncStream<USBReaderEvent>.Continuation
    private let stopping = Atomic<Bool>(false)
    private let open = Mutex<Set<String>>([])
    private let threads = DispatchGroup()
    private var hotplugHandle: libusb_hotplug_callback_handle = 0

    init(context: LibUSBContext, extra: [SupportedReader], continuation: AsyncStream<USBReaderEvent>.Continuation) {
        self.context = context
        self.extra = extra
        self.continuation = continuation
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) }

    func start() {
        if libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0 {
            let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue)
            let code = libusb_hotplug_register_callback(
                context.pointer, events, Int32(LIBUSB_HOTPLUG_ENUMERATE.rawValue), LIBUSB_HOTPLUG_MATCH_ANY,
                LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, hotplugArrived,
                Unmanaged.passUnretained(self).toOpaque(), &hotplugHandle)
            if code != 0 {
                continuation.yield(.notice("USB hotplug is not available (\(LibUSBContext.explain(code))): polling"))
                spawn("swipe-usb-poll") { [self] in poll() }
            }
        } else {
            spawn("swipe-usb-poll") { [self] in poll() }
        }
        spawn("swipe-usb-events") { [self] in
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            while !isStopping { libusb_handle_events_timeout_completed(context.pointer, &timeout, nil) }
        }
    }

    /// Stops every thread, releases every reader, then ends the stream.
    func stop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        if hotplugHandle != 0 { libusb_hotplug_deregister_callback(context.pointer, hotplugHandle) }
        threads.wait()
        continuation.finish()
    }

    /// Called by libusb's hotplug callback (on the event thread): only hands the device on.
    func arrived(_ device: OpaquePointer) {
        let referenced = LibUSBDevice(pointer: libusb_ref_device(device))
        spawn("swipe-usb-reader") { [self] in read(referenced) }
    }

    private func poll() {
        while !isStopping {
            for device in context.devices() {
                let location = context.location(of: device)
                if open.withLock({ $0.contains(location) }) {
                    libusb_unref_device(device.pointer)
                    continue
                }
                spawn("swipe-usb-reader") { [self] in read(device) }
            }
            for _ in 0..<20 where !isStopping { Thread.sleep(forTimeInterval: 0.1) }
        }
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        threads.enter()
        let thread = Thread { [threads] in
            body()
            threads.leave()
        }
        thread.name = name
        thread.start()
    }

    /// Opens, claims and reads one reader until it goes away or the session stops.
    private func read(_ device: LibUSBDevice) {
        defer { libusb_unref_device(device.pointer) }
        guard !isStopping, let found = context.describe(device, extra: extra) else { return }
        guard open.withLock({ $0.insert(found.location).inserted }) else { return }
        defer { _ = open.withLock { $0.remove(found.location) } }

        var handle: OpaquePointer?
        var code = libusb_open(device.pointer, &handle)
        guard code == 0, let handle else {
            continuation.yield(.notice("cannot open the reader \(found): \(LibUSBContext.explain(code))"))
            return
        }
        defer { libusb_close(handle) }
        guard let (interface, endpoint) = inputEndpoint(device) else {
            continuation.yield(.notice("the reader \(found) has no HID input endpoint"))
            return
        }
        _ = libusb_set_auto_detach_kernel_driver(handle, 1)
        code = libusb_claim_interface(handle, Int32(interface))
        guard code == 0 else {
            continuation.yield(.notice("cannot claim the reader \(found): \(LibUSBContext.explain(code))"))
            return
        }
        // Releasing gives the interface back to its kernel driver (auto-detach).
        defer { libusb_release_interface(handle, Int32(interface)) }
        continuation.yield(.attached(found))

        var buffer = [UInt8](repeating: 0, count: found.reader.kind.reportLength)
        defer { for index in buffer.indices { buffer[index] = 0 } }
        var reason = "swipe stopped listening"
        while !isStopping {
            var transferred: Int32 = 0
            code = buffer.withUnsafeMutableBufferPointer { bytes in
                libusb_interrupt_transfer(
                    handle, endpoint, bytes.baseAddress, Int32(bytes.count), &transferred, 250)
            }
            if transferred > 0 {
                continuation.yield(.reports(found, SensitiveBytes(Array(buffer[0..<Int(transferred)]))))
                for index in buffer.indices { buffer[index] = 0 }
            }
            if code == 0 || code == Int32(LIBUSB_ERROR_TIMEOUT.rawValue) { continue }
            reason =
                code == Int32(LIBUSB_ERROR_NO_DEVICE.rawValue)
                ? "the reader was unplugged" : "the reader failed: \(LibUSBContext.explain(code))"
            break
        }
        continuation.yield(.detached(found, reason: reason))
    }

    /// The first HID interface with an interrupt IN endpoint: (interface number, endpoint address).
    private func inputEndpoint(_ device: LibUSBDevice) -> (UInt8, UInt8)? {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(device.pointer, &config) == 0, let config else { return nil }
        defer { libusb_free_config_descriptor(config) }
        for interfaceIndex in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[interfaceIndex]
            for settingIndex in 0..<Int(interface.num_altsetting) {
                let setting = interface.altsetting[settingIndex]
                guard setting.bInterfaceClass == UInt8(LIBUSB_CLASS_HID.rawValue) else { continue }
                for endpointIndex in 0..<Int(setting.bNumEndpoints) {
                    let endpoint = setting.endpoint[endpointIndex]
                    let isInput = endpoint.bEndpointAddress & 0x80 != 0
                    let isInterrupt = endpoint.bmAttributes & 0x03 == UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue)
                    if isInput && isInterrupt { return (setting.bInterfaceNumber, endpoint.bEndpointAddress) }
                }
            }
        }
        return nil
    }
}

/// libusb's hotplug callback: runs on the event thread, does no I/O.
private func hotplugArrived(
    _ context: OpaquePointer?, _ device: OpaquePointer?, _ event: libusb_hotplug_event,
    _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let device, let userData else { return 0 }
    Unmanaged<LibUSBSession>.fromOpaque(userData).takeUnretainedValue().arrived(device)
    return 0
}
