;; Distances between float32 rows held in this module's memory, in WebAssembly SIMD, for the
;; neighbour searches (rowDistances.ts loads it; scripts/wasm.js compiles it at build time).
;;
;; Rows start at byte 0, `stride` bytes apart (a multiple of 16: rows zero-padded to a multiple
;; of 4 values). Each value is widened to float64 and the four sums of the JS loops (value t goes
;; into sum t mod 4) are kept in two f64x2 lanes, then added as ((s0 + s1) + s2) + s3: the same
;; operations in the same order as `squaredDistance` and brute force's JS dot product, so every
;; result equals the JS one bit for bit and a graph does not depend on which of the two ran.
;; (Float32 lanes were twice as fast again in a micro-benchmark, but round differently.)
(module
  (memory (export "memory") 1)

  ;; out[c] = Σ (row a − row b)² for the pairs (a, b) = (pairs[2c], pairs[2c + 1]), c < count:
  ;; int32 row numbers in, float64 squared distances out.
  (func (export "squaredDistances")
    (param $pairs i32) (param $count i32) (param $stride i32) (param $out i32)
    (local $a i32) (local $b i32) (local $t i32) (local $end i32)
    (local $va v128) (local $vb v128) (local $e v128) (local $lo v128) (local $hi v128)
    (local.set $end (i32.add (local.get $pairs) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $pairs) (local.get $end)))
        (local.set $a (i32.mul (i32.load (local.get $pairs)) (local.get $stride)))
        (local.set $b (i32.mul (i32.load offset=4 (local.get $pairs)) (local.get $stride)))
        (local.set $lo (v128.const i64x2 0 0))
        (local.set $hi (v128.const i64x2 0 0))
        (local.set $t (i32.const 0))
        (block $row
          (loop $values
            (br_if $row (i32.ge_u (local.get $t) (local.get $stride)))
            (local.set $va (v128.load (i32.add (local.get $a) (local.get $t))))
            (local.set $vb (v128.load (i32.add (local.get $b) (local.get $t))))
            ;; values t, t + 1 into (s0, s1)
            (local.set $e (f64x2.sub (f64x2.promote_low_f32x4 (local.get $va))
                                     (f64x2.promote_low_f32x4 (local.get $vb))))
            (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $e) (local.get $e))))
            ;; values t + 2, t + 3 into (s2, s3)
            (local.set $e (f64x2.sub
              (f64x2.promote_low_f32x4
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $va) (local.get $va)))
              (f64x2.promote_low_f32x4
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $vb) (local.get $vb)))))
            (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $e) (local.get $e))))
            (local.set $t (i32.add (local.get $t) (i32.const 16)))
            (br $values)))
        (f64.store (local.get $out)
          (f64.add
            (f64.add
              (f64.add (f64x2.extract_lane 0 (local.get $lo)) (f64x2.extract_lane 1 (local.get $lo)))
              (f64x2.extract_lane 0 (local.get $hi)))
            (f64x2.extract_lane 1 (local.get $hi))))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $pairs (i32.add (local.get $pairs) (i32.const 8)))
        (br $pair))))

  ;; Brute force's filter: for from <= j < to, the squared distance of rows a and j as
  ;; (norms[a] + norms[j]) − 2 (row a · row j), the dot product in the four sums of the JS loop,
  ;; and the pair (ids[c], out[c]) = (j, distance) kept only if the distance is at most worst[a]
  ;; or worst[j] (float64 arrays of squared norms and of each list's current k-th distance).
  ;; Returns how many were kept. Nearly every pair fails both tests once the lists have filled,
  ;; so the caller only sees the few it must offer to a list.
  (func (export "candidates")
    (param $a i32) (param $from i32) (param $to i32) (param $stride i32)
    (param $norms i32) (param $worst i32) (param $ids i32) (param $out i32) (result i32)
    (local $j i32) (local $b i32) (local $t i32) (local $count i32)
    (local $na f64) (local $wa f64) (local $dist f64)
    (local $va v128) (local $vb v128) (local $lo v128) (local $hi v128)
    (local.set $na (f64.load (i32.add (local.get $norms) (i32.shl (local.get $a) (i32.const 3)))))
    (local.set $wa (f64.load (i32.add (local.get $worst) (i32.shl (local.get $a) (i32.const 3)))))
    (local.set $a (i32.mul (local.get $a) (local.get $stride)))
    (local.set $j (local.get $from))
    (local.set $b (i32.mul (local.get $from) (local.get $stride)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $j) (local.get $to)))
        (local.set $lo (v128.const i64x2 0 0))
        (local.set $hi (v128.const i64x2 0 0))
        (local.set $t (i32.const 0))
        (block $rowDone
          (loop $values
            (br_if $rowDone (i32.ge_u (local.get $t) (local.get $stride)))
            (local.set $va (v128.load (i32.add (local.get $a) (local.get $t))))
            (local.set $vb (v128.load (i32.add (local.get $b) (local.get $t))))
            (local.set $lo (f64x2.add (local.get $lo)
              (f64x2.mul (f64x2.promote_low_f32x4 (local.get $va))
                         (f64x2.promote_low_f32x4 (local.get $vb)))))
            (local.set $hi (f64x2.add (local.get $hi)
              (f64x2.mul
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $va) (local.get $va)))
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $vb) (local.get $vb))))))
            (local.set $t (i32.add (local.get $t) (i32.const 16)))
            (br $values)))
        (local.set $dist
          (f64.sub
            (f64.add (local.get $na)
                     (f64.load (i32.add (local.get $norms) (i32.shl (local.get $j) (i32.const 3)))))
            (f64.mul (f64.const 2)
              (f64.add
                (f64.add
                  (f64.add (f64x2.extract_lane 0 (local.get $lo)) (f64x2.extract_lane 1 (local.get $lo)))
                  (f64x2.extract_lane 0 (local.get $hi)))
                (f64x2.extract_lane 1 (local.get $hi))))))
        (if (i32.or
              (f64.le (local.get $dist) (local.get $wa))
              (f64.le (local.get $dist)
                      (f64.load (i32.add (local.get $worst) (i32.shl (local.get $j) (i32.const 3))))))
          (then
            (i32.store (i32.add (local.get $ids) (i32.shl (local.get $count) (i32.const 2)))
                       (local.get $j))
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3)))
                       (local.get $dist))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (local.get $stride)))
        (br $row)))
    (local.get $count))
)
