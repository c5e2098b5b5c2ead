;; Float64 complex FFTs of power-of-two sizes in WebAssembly SIMD, many per call, for the t-SNE
;; grid convolution (fft.ts loads it; scripts/wasm.js compiles it at build time). One complex
;; value is one f64x2 (re, im).
;;
;; A call transforms `count` sequences of n values at once: value k of sequence s is at byte
;; base + k·sk + s·sb. The sequences are the innermost loop, so each butterfly's twiddle is loaded
;; once for all of them, and a block of grid columns laid out row by row (sb = 16) is transformed
;; in place without a gather.
;;
;; `forward` is a radix-2 decimation in frequency: natural order in, bit-reversed order out.
;; `inverse` is a radix-2 decimation in time: bit-reversed order in, natural order out, without
;; the 1/n. A convolution (forward, product with a spectrum in the same bit-reversed order,
;; inverse) therefore never permutes anything.
;;
;; Twiddles: bytes 0 .. 16·N hold, for k < N/2, w^k = e^(−2πik/N) as two f64x2, (cos, cos) and
;; (sin, −sin) — then (re, im)·w^k = (re, im)·(cos, cos) + (im, re)·(sin, −sin) — and bytes 16·N
;; .. 32·N the same for the conjugate (the inverse's). N is the largest size (a power of two, at
;; least n): size n at stage h (h butterflies apart) uses w^(j·N/(2h)) for j < h.
(module
  (memory (export "memory") 1)

  ;; One stage's butterflies for pairs (p, q) = (p, p + h·sk), p = base + (g + j)·sk, g in steps
  ;; of 2h below n: each writes p ← a + b, q ← (a − b)·w (forward) or, first multiplying b by w,
  ;; p ← a + b·w, q ← a − b·w (inverse, `dit` = 1).
  (func $stage
    (param $base i32) (param $n i32) (param $sk i32) (param $count i32) (param $sb i32)
    (param $h i32) (param $table i32) (param $tstep i32) (param $dit i32)
    (local $j i32) (local $g i32) (local $p i32) (local $q i32) (local $end i32)
    (local $half i32) (local $span i32) (local $run i32)
    (local $wr v128) (local $wi v128) (local $a v128) (local $b v128) (local $d v128)
    (local.set $half (i32.mul (local.get $h) (local.get $sk)))
    (local.set $span (i32.shl (local.get $half) (i32.const 1)))
    (local.set $run (i32.mul (local.get $count) (local.get $sb)))
    (local.set $j (i32.const 0))
    (block $stageDone
      (loop $twiddle
        (br_if $stageDone (i32.ge_u (local.get $j) (local.get $h)))
        (local.set $wr (v128.load (local.get $table)))
        (local.set $wi (v128.load offset=16 (local.get $table)))
        (local.set $g (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $sk))))
        (local.set $end (i32.add (local.get $base) (i32.mul (local.get $n) (local.get $sk))))
        (block $groupsDone
          (loop $group
            (br_if $groupsDone (i32.ge_u (local.get $g) (local.get $end)))
            (local.set $p (local.get $g))
            (local.set $q (i32.add (local.get $g) (local.get $half)))
            (local.set $g (i32.add (local.get $g) (local.get $run)))
            (if (local.get $dit)
              (then
                (loop $dits
                  (local.set $a (v128.load (local.get $p)))
                  (local.set $b (v128.load (local.get $q)))
                  (local.set $b
                    (f64x2.add
                      (f64x2.mul (local.get $b) (local.get $wr))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b))
                        (local.get $wi))))
                  (v128.store (local.get $p) (f64x2.add (local.get $a) (local.get $b)))
                  (v128.store (local.get $q) (f64x2.sub (local.get $a) (local.get $b)))
                  (local.set $p (i32.add (local.get $p) (local.get $sb)))
                  (local.set $q (i32.add (local.get $q) (local.get $sb)))
                  (br_if $dits (i32.lt_u (local.get $p) (local.get $g)))))
              (else
                (loop $difs
                  (local.set $a (v128.load (local.get $p)))
                  (local.set $b (v128.load (local.get $q)))
                  (v128.store (local.get $p) (f64x2.add (local.get $a) (local.get $b)))
                  (local.set $d (f64x2.sub (local.get $a) (local.get $b)))
                  (v128.store (local.get $q)
                    (f64x2.add
                      (f64x2.mul (local.get $d) (local.get $wr))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d))
                        (local.get $wi))))
                  (local.set $p (i32.add (local.get $p) (local.get $sb)))
                  (local.set $q (i32.add (local.get $q) (local.get $sb)))
                  (br_if $difs (i32.lt_u (local.get $p) (local.get $g))))))
            ;; next group: 2h values on from this group's first
            (local.set $g (i32.add (local.get $g) (i32.sub (local.get $span) (local.get $run))))
            (br $group)))
        (local.set $table (i32.add (local.get $table) (local.get $tstep)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $twiddle))))

  ;; Forward transforms (natural order in, bit-reversed out) of `count` sequences of n values.
  (func (export "forward")
    (param $base i32) (param $n i32) (param $sk i32) (param $count i32) (param $sb i32)
    (param $N i32)
    (local $h i32)
    (local.set $h (i32.shr_u (local.get $n) (i32.const 1)))
    (block $done
      (loop $stages
        (br_if $done (i32.eqz (local.get $h)))
        ;; twiddle step N/(2h) entries of 32 bytes
        (call $stage (local.get $base) (local.get $n) (local.get $sk) (local.get $count)
          (local.get $sb) (local.get $h) (i32.const 0)
          (i32.shl (i32.div_u (local.get $N) (local.get $h)) (i32.const 4)) (i32.const 0))
        (local.set $h (i32.shr_u (local.get $h) (i32.const 1)))
        (br $stages))))

  ;; Inverse transforms without the 1/n (bit-reversed order in, natural out).
  (func (export "inverse")
    (param $base i32) (param $n i32) (param $sk i32) (param $count i32) (param $sb i32)
    (param $N i32)
    (local $h i32)
    (local.set $h (i32.const 1))
    (block $done
      (loop $stages
        (br_if $done (i32.ge_u (local.get $h) (local.get $n)))
        (call $stage (local.get $base) (local.get $n) (local.get $sk) (local.get $count)
          (local.get $sb) (local.get $h) (i32.shl (local.get $N) (i32.const 4))
          (i32.shl (i32.div_u (local.get $N) (local.get $h)) (i32.const 4)) (i32.const 1))
        (local.set $h (i32.shl (local.get $h) (i32.const 1)))
        (br $stages))))

  ;; The spectrum product of the convolution: value (r, s) at base + (r·count + s)·16, for r < rows
  ;; and s < count, times the real factor at spectrum + (r·width + s mod width)·8 (count is a
  ;; multiple of width: several grids' blocks of `width` columns side by side).
  (func (export "multiply")
    (param $base i32) (param $rows i32) (param $count i32) (param $spectrum i32) (param $width i32)
    (local $end i32) (local $rowEnd i32) (local $s i32) (local $f i32)
    (local.set $end (i32.add (local.get $base)
      (i32.shl (i32.mul (local.get $rows) (local.get $count)) (i32.const 4))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $base) (local.get $end)))
        (local.set $rowEnd (i32.add (local.get $base) (i32.shl (local.get $count) (i32.const 4))))
        (local.set $f (local.get $spectrum))
        (local.set $s (i32.const 0))
        (loop $value
          (v128.store (local.get $base)
            (f64x2.mul (v128.load (local.get $base)) (v128.load64_splat (local.get $f))))
          (local.set $base (i32.add (local.get $base) (i32.const 16)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (local.set $f (i32.add (local.get $f) (i32.const 8)))
          (if (i32.eq (local.get $s) (local.get $width))
            (then
              (local.set $s (i32.const 0))
              (local.set $f (local.get $spectrum))))
          (br_if $value (i32.lt_u (local.get $base) (local.get $rowEnd))))
        (local.set $spectrum (i32.add (local.get $spectrum) (i32.shl (local.get $width) (i32.const 3))))
        (br $row))))
)
