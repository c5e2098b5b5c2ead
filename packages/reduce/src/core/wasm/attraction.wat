;; t-SNE's attraction in WebAssembly SIMD (attraction.ts loads it; scripts/wasm.js compiles it at
;; build time): out_i = exaggeration · Σ_j p_ij (y_i − y_j) / (1 + |y_i − y_j|²) over the rows
;; [from, to) of P, held in this module's memory.
;;
;; Layout: the coordinates start at byte 0 (float64, `dims` per point), `cols` holds each entry's
;; column as the byte offset of its point (j · 8 · dims), `rowPtr` int32 entry bounds, `vals`
;; float64 values. One vector holds the x and y of one entry (the z of a 3-D entry beside it,
;; scalar), so every sum takes the same operations in the same order as the JS formula:
;; s = ((1 + dx²) + dy²) (+ dz²), m = p / s, fx += m · dx, ...: the forces are the same bytes.
(module
  (memory (export "memory") 1)

  ;; Where rowPtr, cols, vals and the forces (`out`, float64 as the coordinates) lie, set once.
  (global $rowPtr (mut i32) (i32.const 0))
  (global $cols (mut i32) (i32.const 0))
  (global $vals (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (func (export "place") (param $rowPtr i32) (param $cols i32) (param $vals i32) (param $out i32)
    (global.set $rowPtr (local.get $rowPtr))
    (global.set $cols (local.get $cols))
    (global.set $vals (local.get $vals))
    (global.set $out (local.get $out)))

  (func (export "attract2")
    (param $from i32) (param $to i32) (param $exaggeration f64)
    (local $c i32) (local $v i32) (local $end i32) (local $i i32)
    (local $yi v128) (local $f v128) (local $d v128) (local $sq v128)
    (local.set $c (i32.add (global.get $cols) (i32.shl
      (i32.load (i32.add (global.get $rowPtr) (i32.shl (local.get $from) (i32.const 2))))
      (i32.const 2))))
    (local.set $v (i32.add (global.get $vals)
      (i32.shl (i32.sub (local.get $c) (global.get $cols)) (i32.const 1))))
    (local.set $i (local.get $from))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $yi (v128.load (i32.shl (local.get $i) (i32.const 4))))
        (local.set $f (v128.const i64x2 0 0))
        (local.set $end (i32.add (global.get $cols) (i32.shl
          (i32.load offset=4 (i32.add (global.get $rowPtr) (i32.shl (local.get $i) (i32.const 2))))
          (i32.const 2))))
        (block $entriesDone
          (loop $entry
            (br_if $entriesDone (i32.ge_u (local.get $c) (local.get $end)))
            (local.set $d (f64x2.sub (local.get $yi) (v128.load (i32.load (local.get $c)))))
            (local.set $sq (f64x2.mul (local.get $d) (local.get $d)))
            (local.set $f (f64x2.add (local.get $f)
              (f64x2.mul
                (local.get $d)
                (f64x2.splat
                  (f64.div
                    (f64.load (local.get $v))
                    (f64.add
                      (f64.add (f64.const 1) (f64x2.extract_lane 0 (local.get $sq)))
                      (f64x2.extract_lane 1 (local.get $sq))))))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (local.set $v (i32.add (local.get $v) (i32.const 8)))
            (br $entry)))
        (v128.store (i32.add (global.get $out) (i32.shl (local.get $i) (i32.const 4)))
          (f64x2.mul (f64x2.splat (local.get $exaggeration)) (local.get $f)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  (func (export "attract3")
    (param $from i32) (param $to i32) (param $exaggeration f64)
    (local $c i32) (local $v i32) (local $end i32) (local $i i32) (local $at i32) (local $j i32)
    (local $yi v128) (local $f v128) (local $d v128) (local $sq v128)
    (local $zi f64) (local $fz f64) (local $dz f64) (local $m f64)
    (local.set $c (i32.add (global.get $cols) (i32.shl
      (i32.load (i32.add (global.get $rowPtr) (i32.shl (local.get $from) (i32.const 2))))
      (i32.const 2))))
    (local.set $v (i32.add (global.get $vals)
      (i32.shl (i32.sub (local.get $c) (global.get $cols)) (i32.const 1))))
    (local.set $i (local.get $from))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $at (i32.mul (local.get $i) (i32.const 24)))
        (local.set $yi (v128.load (local.get $at)))
        (local.set $zi (f64.load offset=16 (local.get $at)))
        (local.set $f (v128.const i64x2 0 0))
        (local.set $fz (f64.const 0))
        (local.set $end (i32.add (global.get $cols) (i32.shl
          (i32.load offset=4 (i32.add (global.get $rowPtr) (i32.shl (local.get $i) (i32.const 2))))
          (i32.const 2))))
        (block $entriesDone
          (loop $entry
            (br_if $entriesDone (i32.ge_u (local.get $c) (local.get $end)))
            (local.set $j (i32.load (local.get $c)))
            (local.set $d (f64x2.sub (local.get $yi) (v128.load (local.get $j))))
            (local.set $dz (f64.sub (local.get $zi) (f64.load offset=16 (local.get $j))))
            (local.set $sq (f64x2.mul (local.get $d) (local.get $d)))
            (local.set $m
              (f64.div
                (f64.load (local.get $v))
                (f64.add
                  (f64.add
                    (f64.add (f64.const 1) (f64x2.extract_lane 0 (local.get $sq)))
                    (f64x2.extract_lane 1 (local.get $sq)))
                  (f64.mul (local.get $dz) (local.get $dz)))))
            (local.set $f (f64x2.add (local.get $f)
              (f64x2.mul (local.get $d) (f64x2.splat (local.get $m)))))
            (local.set $fz (f64.add (local.get $fz) (f64.mul (local.get $m) (local.get $dz))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (local.set $v (i32.add (local.get $v) (i32.const 8)))
            (br $entry)))
        (local.set $at (i32.add (global.get $out) (local.get $at)))
        (v128.store (local.get $at)
          (f64x2.mul (f64x2.splat (local.get $exaggeration)) (local.get $f)))
        (f64.store offset=16 (local.get $at) (f64.mul (local.get $exaggeration) (local.get $fz)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))
)
