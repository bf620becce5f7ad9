extension SIMD4 where Scalar == Float {
    /// Each lane's magnitude, its sign bit cleared: one `andps`, where `abs` lane by lane minds
    /// NaN and -0. (A NaN stays a NaN, -0 becomes +0.)
    @inline(__always)
    var magnitudes: SIMD4<Float> {
        let bits = unsafeBitCast(self, to: SIMD4<UInt32>.self) & SIMD4<UInt32>(repeating: 0x7FFF_FFFF)
        return unsafeBitCast(bits, to: SIMD4<Float>.self)
    }
}
