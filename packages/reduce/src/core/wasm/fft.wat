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

  ;; Two stages at once (radix 2²): half-sizes 2q and q, forward (DIF: 2q, then q) or inverse
  ;; (DIT, `dit` = 1: q, then 2q), on the four values x0..x3 = value g + j + (0, 1, 2, 3)·q of
  ;; each group of 4q, with T1 = w^(j·N/(4q)) and T2 = T1² = w^(j·N/(2q)); the second of the 2q
  ;; stage's pairs, (x1, x3), takes T1·w^(N/4), i.e. T1 times −i (forward) or +i (inverse),
  ;; exactly, by a swap and a sign. Half the loads and stores of two radix-2 stages.
  (func $stage4
    (param $base i32) (param $n i32) (param $sk i32) (param $count i32) (param $sb i32)
    (param $q i32) (param $table i32) (param $tstep i32) (param $dit i32)
    (local $j i32) (local $g i32) (local $p i32) (local $end i32)
    (local $quarter i32) (local $span i32) (local $run i32) (local $t2 i32)
    (local $r1 v128) (local $i1 v128) (local $r2 v128) (local $i2 v128) (local $rot v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $quarter (i32.mul (local.get $q) (local.get $sk)))
    (local.set $span (i32.shl (local.get $quarter) (i32.const 2)))
    (local.set $run (i32.mul (local.get $count) (local.get $sb)))
    (local.set $end (i32.add (local.get $base) (i32.mul (local.get $n) (local.get $sk))))
    ;; (re, im)·(∓i) = (±im, ∓re): the swapped value times (1, −1) forward, (−1, 1) inverse.
    (local.set $rot
      (select (v128.const f64x2 -1 1) (v128.const f64x2 1 -1) (local.get $dit)))
    (local.set $t2 (local.get $table))
    (local.set $j (i32.const 0))
    (block $stageDone
      (loop $twiddle
        (br_if $stageDone (i32.ge_u (local.get $j) (local.get $q)))
        (local.set $r1 (v128.load (local.get $table)))
        (local.set $i1 (v128.load offset=16 (local.get $table)))
        (local.set $r2 (v128.load (local.get $t2)))
        (local.set $i2 (v128.load offset=16 (local.get $t2)))
        (local.set $g (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $sk))))
        (block $groupsDone
          (loop $group
            (br_if $groupsDone (i32.ge_u (local.get $g) (local.get $end)))
            (local.set $p (local.get $g))
            (local.set $g (i32.add (local.get $g) (local.get $run)))
            (if (local.get $dit)
              (then
                (loop $dits
                  (local.set $x0 (v128.load (local.get $p)))
                  (local.set $x1 (v128.load (i32.add (local.get $p) (local.get $quarter))))
                  (local.set $x2 (v128.load (i32.add (local.get $p) (i32.shl (local.get $quarter) (i32.const 1)))))
                  (local.set $x3 (v128.load (i32.add (local.get $p) (i32.mul (local.get $quarter) (i32.const 3)))))
                  ;; stage q: (x0, x1) and (x2, x3) with T2
                  (local.set $x1
                    (f64x2.add (f64x2.mul (local.get $x1) (local.get $r2))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x1) (local.get $x1))
                        (local.get $i2))))
                  (local.set $x3
                    (f64x2.add (f64x2.mul (local.get $x3) (local.get $r2))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x3) (local.get $x3))
                        (local.get $i2))))
                  (local.set $a0 (f64x2.add (local.get $x0) (local.get $x1)))
                  (local.set $a1 (f64x2.sub (local.get $x0) (local.get $x1)))
                  (local.set $a2 (f64x2.add (local.get $x2) (local.get $x3)))
                  (local.set $a3 (f64x2.sub (local.get $x2) (local.get $x3)))
                  ;; stage 2q: (a0, a2) with T1, (a1, a3) with T1·i
                  (local.set $a2
                    (f64x2.add (f64x2.mul (local.get $a2) (local.get $r1))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a2) (local.get $a2))
                        (local.get $i1))))
                  (local.set $a3
                    (f64x2.add (f64x2.mul (local.get $a3) (local.get $r1))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a3) (local.get $a3))
                        (local.get $i1))))
                  (local.set $a3
                    (f64x2.mul
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a3) (local.get $a3))
                      (local.get $rot)))
                  (v128.store (local.get $p) (f64x2.add (local.get $a0) (local.get $a2)))
                  (v128.store (i32.add (local.get $p) (i32.shl (local.get $quarter) (i32.const 1)))
                    (f64x2.sub (local.get $a0) (local.get $a2)))
                  (v128.store (i32.add (local.get $p) (local.get $quarter))
                    (f64x2.add (local.get $a1) (local.get $a3)))
                  (v128.store (i32.add (local.get $p) (i32.mul (local.get $quarter) (i32.const 3)))
                    (f64x2.sub (local.get $a1) (local.get $a3)))
                  (local.set $p (i32.add (local.get $p) (local.get $sb)))
                  (br_if $dits (i32.lt_u (local.get $p) (local.get $g)))))
              (else
                (loop $difs
                  (local.set $x0 (v128.load (local.get $p)))
                  (local.set $x1 (v128.load (i32.add (local.get $p) (local.get $quarter))))
                  (local.set $x2 (v128.load (i32.add (local.get $p) (i32.shl (local.get $quarter) (i32.const 1)))))
                  (local.set $x3 (v128.load (i32.add (local.get $p) (i32.mul (local.get $quarter) (i32.const 3)))))
                  ;; stage 2q: (x0, x2) with T1, (x1, x3) with T1·(−i)
                  (local.set $a0 (f64x2.add (local.get $x0) (local.get $x2)))
                  (local.set $a1 (f64x2.add (local.get $x1) (local.get $x3)))
                  (local.set $a2 (f64x2.sub (local.get $x0) (local.get $x2)))
                  (local.set $a3 (f64x2.sub (local.get $x1) (local.get $x3)))
                  (local.set $a2
                    (f64x2.add (f64x2.mul (local.get $a2) (local.get $r1))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a2) (local.get $a2))
                        (local.get $i1))))
                  (local.set $a3
                    (f64x2.add (f64x2.mul (local.get $a3) (local.get $r1))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a3) (local.get $a3))
                        (local.get $i1))))
                  (local.set $a3
                    (f64x2.mul
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a3) (local.get $a3))
                      (local.get $rot)))
                  ;; stage q: (a0, a1) and (a2, a3) with T2
                  (v128.store (local.get $p) (f64x2.add (local.get $a0) (local.get $a1)))
                  (local.set $x1 (f64x2.sub (local.get $a0) (local.get $a1)))
                  (v128.store (i32.add (local.get $p) (local.get $quarter))
                    (f64x2.add (f64x2.mul (local.get $x1) (local.get $r2))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x1) (local.get $x1))
                        (local.get $i2))))
                  (v128.store (i32.add (local.get $p) (i32.shl (local.get $quarter) (i32.const 1)))
                    (f64x2.add (local.get $a2) (local.get $a3)))
                  (local.set $x3 (f64x2.sub (local.get $a2) (local.get $a3)))
                  (v128.store (i32.add (local.get $p) (i32.mul (local.get $quarter) (i32.const 3)))
                    (f64x2.add (f64x2.mul (local.get $x3) (local.get $r2))
                      (f64x2.mul
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x3) (local.get $x3))
                        (local.get $i2))))
                  (local.set $p (i32.add (local.get $p) (local.get $sb)))
                  (br_if $difs (i32.lt_u (local.get $p) (local.get $g))))))
            ;; next group: 4q values on from this group's first
            (local.set $g (i32.add (local.get $g) (i32.sub (local.get $span) (local.get $run))))
            (br $group)))
        (local.set $table (i32.add (local.get $table) (local.get $tstep)))
        (local.set $t2 (i32.add (local.get $t2) (i32.shl (local.get $tstep) (i32.const 1))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $twiddle))))

  ;; Forward transforms (natural order in, bit-reversed out) of `count` sequences of n values:
  ;; a radix-2 stage first if log2 n is odd, then pairs of stages.
  (func (export "forward")
    (param $base i32) (param $n i32) (param $sk i32) (param $count i32) (param $sb i32)
    (param $N i32)
    (local $h i32)
    (local.set $h (i32.shr_u (local.get $n) (i32.const 1)))
    (if (i32.and (i32.ctz (local.get $n)) (i32.const 1))
      (then
        ;; twiddle step N/(2h) entries of 32 bytes
        (call $stage (local.get $base) (local.get $n) (local.get $sk) (local.get $count)
          (local.get $sb) (local.get $h) (i32.const 0)
          (i32.shl (i32.div_u (local.get $N) (local.get $h)) (i32.const 4)) (i32.const 0))
        (local.set $h (i32.shr_u (local.get $h) (i32.const 1)))))
    ;; stages h and h/2 together: q = h/2, T1's step N/(4q) entries
    (block $done
      (loop $stages
        (br_if $done (i32.lt_u (local.get $h) (i32.const 2)))
        (call $stage4 (local.get $base) (local.get $n) (local.get $sk) (local.get $count)
          (local.get $sb) (i32.shr_u (local.get $h) (i32.const 1)) (i32.const 0)
          (i32.shl (i32.div_u (local.get $N) (local.get $h)) (i32.const 4)) (i32.const 0))
        (local.set $h (i32.shr_u (local.get $h) (i32.const 2)))
        (br $stages))))

  ;; Inverse transforms without the 1/n (bit-reversed order in, natural out): a radix-2 stage
  ;; first if log2 n is odd, then pairs of stages.
  (func (export "inverse")
    (param $base i32) (param $n i32) (param $sk i32) (param $count i32) (param $sb i32)
    (param $N i32)
    (local $q i32)
    (local.set $q (i32.const 1))
    (if (i32.and (i32.ctz (local.get $n)) (i32.const 1))
      (then
        (call $stage (local.get $base) (local.get $n) (local.get $sk) (local.get $count)
          (local.get $sb) (i32.const 1) (i32.shl (local.get $N) (i32.const 4))
          (i32.shl (local.get $N) (i32.const 4)) (i32.const 1))
        (local.set $q (i32.const 2))))
    (block $done
      (loop $stages
        (br_if $done (i32.ge_u (local.get $q) (local.get $n)))
        (call $stage4 (local.get $base) (local.get $n) (local.get $sk) (local.get $count)
          (local.get $sb) (local.get $q) (i32.shl (local.get $N) (i32.const 4))
          (i32.shl (i32.div_u (local.get $N) (local.get $q)) (i32.const 3)) (i32.const 1))
        (local.set $q (i32.shl (local.get $q) (i32.const 2)))
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
