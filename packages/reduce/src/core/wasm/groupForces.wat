;; The Barnes-Hut repulsion of one walking group in WebAssembly SIMD (groupForces.ts loads it;
;; scripts/wasm.js compiles it at build time): `walk2`/`walk3` list the group's sources from a
;; copy of the tree, and `forces2`/`forces3` run each point p of the group over that list:
;; Σ m w² (y_p − s) and Σ m w with w = 1 / (1 + |y_p − s|²).
;;
;; The walk, as the JS walk it replaces (see SpaceTree for the tree's arrays): a node whose
;; squared distance from the group's bounding box to its centre of mass exceeds its opening
;; distance² is listed as (centre of mass, point count) and its subtree skipped; a leaf that is
;; not is opened, its points listed as (position, 1). The gap to the box per axis is
;; max(lo − c, 0) + max(c − hi, 0), exactly the JS branches' value, so the lists are the same.
;;
;; Points go four at a time, two per vector (one lane per point) in two vectors whose sums do not
;; wait on each other; each source is splatted to both lanes. So each lane takes the operations
;; of the JS loop in its order (w = 1 / (((1 + dx²) + dy²) + dz²), m = mass · w, z += m,
;; f += (m · w) · d, source by source): the same bytes as that loop.
;;
;; `points`: the group's coordinates (float64, `dims` per point), `count` a multiple of 4 (the
;; caller pads). `sources` to `end`: the list, dims + 1 float64 per source. `out`: per point the
;; force then its Σ m w, dims + 1 float64.
(module
  (memory (export "memory") 1)

  ;; The list of the group of sorted points [a, b) into `out` (dims + 1 float64 a source); returns
;; its end. `record`: per node (centre of mass, count, opening distance²); `skip`, `leaf`: int32
;; per node; `sorted`: the points' coordinates.
(func (export "walk2")
    (param $a i32) (param $b i32) (param $size i32) (param $record i32) (param $skip i32)
    (param $leaf i32) (param $sorted i32) (param $out i32) (result i32)
    (local $p i32) (local $last i32) (local $node i32) (local $o i32) (local $first i32)
    (local $lo v128) (local $hi v128) (local $q v128) (local $g v128) (local $zero v128)
    (local.set $p (i32.add (local.get $sorted) (i32.shl (local.get $a) (i32.const 4))))
    (local.set $last (i32.add (local.get $sorted) (i32.shl (local.get $b) (i32.const 4))))
    (local.set $lo (v128.load (local.get $p)))
    (local.set $hi (local.get $lo))
    (block $boxDone
      (loop $box
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $boxDone (i32.ge_u (local.get $p) (local.get $last)))
        (local.set $q (v128.load (local.get $p)))
        (local.set $lo (f64x2.min (local.get $lo) (local.get $q)))
        (local.set $hi (f64x2.max (local.get $hi) (local.get $q)))
        (br $box)))
    (local.set $zero (v128.const i64x2 0 0))
    (block $walkDone
      (loop $walk
        (br_if $walkDone (i32.ge_u (local.get $node) (local.get $size)))
        (local.set $o (i32.add (local.get $record) (i32.shl (local.get $node) (i32.const 5))))
        (local.set $q (v128.load (local.get $o)))
        (local.set $g (f64x2.add
          (f64x2.max (f64x2.sub (local.get $lo) (local.get $q)) (local.get $zero))
          (f64x2.max (f64x2.sub (local.get $q) (local.get $hi)) (local.get $zero))))
        (local.set $g (f64x2.mul (local.get $g) (local.get $g)))
        (if (f64.gt
              (f64.add (f64x2.extract_lane 0 (local.get $g)) (f64x2.extract_lane 1 (local.get $g)))
              (f64.load offset=24 (local.get $o)))
          (then
            (v128.store (local.get $out) (local.get $q))
            (f64.store offset=16 (local.get $out) (f64.load offset=16 (local.get $o)))
            (local.set $out (i32.add (local.get $out) (i32.const 24)))
            (local.set $node
              (i32.load (i32.add (local.get $skip) (i32.shl (local.get $node) (i32.const 2)))))
            (br $walk)))
        (local.set $first
          (i32.load (i32.add (local.get $leaf) (i32.shl (local.get $node) (i32.const 2)))))
        (if (i32.lt_s (local.get $first) (i32.const 0))
          (then
            (local.set $node (i32.add (local.get $node) (i32.const 1)))
            (br $walk)))
        (local.set $p (i32.add (local.get $sorted) (i32.shl (local.get $first) (i32.const 4))))
        (local.set $last (i32.add (local.get $p)
          (i32.shl (i32.trunc_f64_u (f64.load offset=16 (local.get $o))) (i32.const 4))))
        (block $leafDone
          (loop $point
            (br_if $leafDone (i32.ge_u (local.get $p) (local.get $last)))
            (v128.store (local.get $out) (v128.load (local.get $p)))
            (f64.store offset=16 (local.get $out) (f64.const 1))
            (local.set $out (i32.add (local.get $out) (i32.const 24)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $point)))
        (local.set $node
          (i32.load (i32.add (local.get $skip) (i32.shl (local.get $node) (i32.const 2)))))
        (br $walk)))
    (local.get $out))

  (func (export "walk3")
    (param $a i32) (param $b i32) (param $size i32) (param $record i32) (param $skip i32)
    (param $leaf i32) (param $sorted i32) (param $out i32) (result i32)
    (local $p i32) (local $last i32) (local $node i32) (local $o i32) (local $first i32)
    (local $lo v128) (local $hi v128) (local $q v128) (local $g v128) (local $zero v128)
    (local $lo2 f64) (local $hi2 f64) (local $v f64) (local $g2 f64)
    (local.set $p (i32.add (local.get $sorted) (i32.mul (local.get $a) (i32.const 24))))
    (local.set $last (i32.add (local.get $sorted) (i32.mul (local.get $b) (i32.const 24))))
    (local.set $lo (v128.load (local.get $p)))
    (local.set $hi (local.get $lo))
    (local.set $lo2 (f64.load offset=16 (local.get $p)))
    (local.set $hi2 (local.get $lo2))
    (block $boxDone
      (loop $box
        (local.set $p (i32.add (local.get $p) (i32.const 24)))
        (br_if $boxDone (i32.ge_u (local.get $p) (local.get $last)))
        (local.set $q (v128.load (local.get $p)))
        (local.set $lo (f64x2.min (local.get $lo) (local.get $q)))
        (local.set $hi (f64x2.max (local.get $hi) (local.get $q)))
        (local.set $v (f64.load offset=16 (local.get $p)))
        (local.set $lo2 (f64.min (local.get $lo2) (local.get $v)))
        (local.set $hi2 (f64.max (local.get $hi2) (local.get $v)))
        (br $box)))
    (local.set $zero (v128.const i64x2 0 0))
    (block $walkDone
      (loop $walk
        (br_if $walkDone (i32.ge_u (local.get $node) (local.get $size)))
        (local.set $o (i32.add (local.get $record) (i32.mul (local.get $node) (i32.const 40))))
        (local.set $q (v128.load (local.get $o)))
        (local.set $g (f64x2.add
          (f64x2.max (f64x2.sub (local.get $lo) (local.get $q)) (local.get $zero))
          (f64x2.max (f64x2.sub (local.get $q) (local.get $hi)) (local.get $zero))))
        (local.set $g (f64x2.mul (local.get $g) (local.get $g)))
        (local.set $v (f64.load offset=16 (local.get $o)))
        (local.set $g2 (f64.add
          (f64.max (f64.sub (local.get $lo2) (local.get $v)) (f64.const 0))
          (f64.max (f64.sub (local.get $v) (local.get $hi2)) (f64.const 0))))
        (if (f64.gt
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $g)) (f64x2.extract_lane 1 (local.get $g)))
                (f64.mul (local.get $g2) (local.get $g2)))
              (f64.load offset=32 (local.get $o)))
          (then
            (v128.store (local.get $out) (local.get $q))
            (f64.store offset=16 (local.get $out) (local.get $v))
            (f64.store offset=24 (local.get $out) (f64.load offset=24 (local.get $o)))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $node
              (i32.load (i32.add (local.get $skip) (i32.shl (local.get $node) (i32.const 2)))))
            (br $walk)))
        (local.set $first
          (i32.load (i32.add (local.get $leaf) (i32.shl (local.get $node) (i32.const 2)))))
        (if (i32.lt_s (local.get $first) (i32.const 0))
          (then
            (local.set $node (i32.add (local.get $node) (i32.const 1)))
            (br $walk)))
        (local.set $p (i32.add (local.get $sorted) (i32.mul (local.get $first) (i32.const 24))))
        (local.set $last (i32.add (local.get $p)
          (i32.mul (i32.trunc_f64_u (f64.load offset=24 (local.get $o))) (i32.const 24))))
        (block $leafDone
          (loop $point
            (br_if $leafDone (i32.ge_u (local.get $p) (local.get $last)))
            (v128.store (local.get $out) (v128.load (local.get $p)))
            (f64.store offset=16 (local.get $out) (f64.load offset=16 (local.get $p)))
            (f64.store offset=24 (local.get $out) (f64.const 1))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 24)))
            (br $point)))
        (local.set $node
          (i32.load (i32.add (local.get $skip) (i32.shl (local.get $node) (i32.const 2)))))
        (br $walk)))
    (local.get $out))

  (func (export "forces2")
    (param $points i32) (param $count i32) (param $sources i32) (param $end i32) (param $out i32)
    (local $p i32) (local $last i32) (local $s i32) (local $q0 v128) (local $q1 v128)
    (local $one v128) (local $sx v128) (local $sy v128) (local $mass v128)
    (local $dx v128) (local $dy v128) (local $w v128) (local $m v128)
    (local $xa v128) (local $ya v128) (local $fxa v128) (local $fya v128) (local $za v128)
    (local $xb v128) (local $yb v128) (local $fxb v128) (local $fyb v128) (local $zb v128)
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $p (local.get $points))
    (local.set $last (i32.add (local.get $points) (i32.shl (local.get $count) (i32.const 4))))
    (block $pointsDone
      (loop $quad
        (br_if $pointsDone (i32.ge_u (local.get $p) (local.get $last)))
        ;; (x, y) of points 0, 1 and 2, 3 of the quad into lanes: xa = (x0, x1), ya = (y0, y1), ...
        (local.set $q0 (v128.load (local.get $p)))
        (local.set $q1 (v128.load offset=16 (local.get $p)))
        (local.set $xa (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $q0) (local.get $q1)))
        (local.set $ya (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $q0) (local.get $q1)))
        (local.set $q0 (v128.load offset=32 (local.get $p)))
        (local.set $q1 (v128.load offset=48 (local.get $p)))
        (local.set $xb (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $q0) (local.get $q1)))
        (local.set $yb (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $q0) (local.get $q1)))
        (local.set $fxa (v128.const i64x2 0 0))
        (local.set $fya (v128.const i64x2 0 0))
        (local.set $za (v128.const i64x2 0 0))
        (local.set $fxb (v128.const i64x2 0 0))
        (local.set $fyb (v128.const i64x2 0 0))
        (local.set $zb (v128.const i64x2 0 0))
        (local.set $s (local.get $sources))
        (block $sourcesDone
          (loop $source
            (br_if $sourcesDone (i32.ge_u (local.get $s) (local.get $end)))
            (local.set $sx (v128.load64_splat (local.get $s)))
            (local.set $sy (v128.load64_splat offset=8 (local.get $s)))
            (local.set $mass (v128.load64_splat offset=16 (local.get $s)))
            ;; points 0, 1
            (local.set $dx (f64x2.sub (local.get $xa) (local.get $sx)))
            (local.set $dy (f64x2.sub (local.get $ya) (local.get $sy)))
            (local.set $w (f64x2.div (local.get $one)
              (f64x2.add
                (f64x2.add (local.get $one) (f64x2.mul (local.get $dx) (local.get $dx)))
                (f64x2.mul (local.get $dy) (local.get $dy)))))
            (local.set $m (f64x2.mul (local.get $mass) (local.get $w)))
            (local.set $za (f64x2.add (local.get $za) (local.get $m)))
            (local.set $m (f64x2.mul (local.get $m) (local.get $w)))
            (local.set $fxa (f64x2.add (local.get $fxa) (f64x2.mul (local.get $m) (local.get $dx))))
            (local.set $fya (f64x2.add (local.get $fya) (f64x2.mul (local.get $m) (local.get $dy))))
            ;; points 2, 3
            (local.set $dx (f64x2.sub (local.get $xb) (local.get $sx)))
            (local.set $dy (f64x2.sub (local.get $yb) (local.get $sy)))
            (local.set $w (f64x2.div (local.get $one)
              (f64x2.add
                (f64x2.add (local.get $one) (f64x2.mul (local.get $dx) (local.get $dx)))
                (f64x2.mul (local.get $dy) (local.get $dy)))))
            (local.set $m (f64x2.mul (local.get $mass) (local.get $w)))
            (local.set $zb (f64x2.add (local.get $zb) (local.get $m)))
            (local.set $m (f64x2.mul (local.get $m) (local.get $w)))
            (local.set $fxb (f64x2.add (local.get $fxb) (f64x2.mul (local.get $m) (local.get $dx))))
            (local.set $fyb (f64x2.add (local.get $fyb) (f64x2.mul (local.get $m) (local.get $dy))))
            (local.set $s (i32.add (local.get $s) (i32.const 24)))
            (br $source)))
        ;; per point (fx, fy, z): 24 bytes each
        (f64.store (local.get $out) (f64x2.extract_lane 0 (local.get $fxa)))
        (f64.store offset=8 (local.get $out) (f64x2.extract_lane 0 (local.get $fya)))
        (f64.store offset=16 (local.get $out) (f64x2.extract_lane 0 (local.get $za)))
        (f64.store offset=24 (local.get $out) (f64x2.extract_lane 1 (local.get $fxa)))
        (f64.store offset=32 (local.get $out) (f64x2.extract_lane 1 (local.get $fya)))
        (f64.store offset=40 (local.get $out) (f64x2.extract_lane 1 (local.get $za)))
        (f64.store offset=48 (local.get $out) (f64x2.extract_lane 0 (local.get $fxb)))
        (f64.store offset=56 (local.get $out) (f64x2.extract_lane 0 (local.get $fyb)))
        (f64.store offset=64 (local.get $out) (f64x2.extract_lane 0 (local.get $zb)))
        (f64.store offset=72 (local.get $out) (f64x2.extract_lane 1 (local.get $fxb)))
        (f64.store offset=80 (local.get $out) (f64x2.extract_lane 1 (local.get $fyb)))
        (f64.store offset=88 (local.get $out) (f64x2.extract_lane 1 (local.get $zb)))
        (local.set $out (i32.add (local.get $out) (i32.const 96)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $quad))))

  (func (export "forces3")
    (param $points i32) (param $count i32) (param $sources i32) (param $end i32) (param $out i32)
    (local $p i32) (local $last i32) (local $s i32)
    (local $one v128) (local $sx v128) (local $sy v128) (local $sz v128) (local $mass v128)
    (local $dx v128) (local $dy v128) (local $dz v128) (local $w v128) (local $m v128)
    (local $xa v128) (local $ya v128) (local $za v128)
    (local $fxa v128) (local $fya v128) (local $fza v128) (local $sa v128)
    (local $xb v128) (local $yb v128) (local $zb v128)
    (local $fxb v128) (local $fyb v128) (local $fzb v128) (local $sb v128)
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $p (local.get $points))
    (local.set $last (i32.add (local.get $points) (i32.mul (local.get $count) (i32.const 24))))
    (block $pointsDone
      (loop $quad
        (br_if $pointsDone (i32.ge_u (local.get $p) (local.get $last)))
        ;; points 0, 1 into lanes of (xa, ya, za), points 2, 3 of (xb, yb, zb); 24 bytes a point
        (local.set $xa (f64x2.replace_lane 1 (v128.load64_splat (local.get $p))
          (f64.load offset=24 (local.get $p))))
        (local.set $ya (f64x2.replace_lane 1 (v128.load64_splat offset=8 (local.get $p))
          (f64.load offset=32 (local.get $p))))
        (local.set $za (f64x2.replace_lane 1 (v128.load64_splat offset=16 (local.get $p))
          (f64.load offset=40 (local.get $p))))
        (local.set $xb (f64x2.replace_lane 1 (v128.load64_splat offset=48 (local.get $p))
          (f64.load offset=72 (local.get $p))))
        (local.set $yb (f64x2.replace_lane 1 (v128.load64_splat offset=56 (local.get $p))
          (f64.load offset=80 (local.get $p))))
        (local.set $zb (f64x2.replace_lane 1 (v128.load64_splat offset=64 (local.get $p))
          (f64.load offset=88 (local.get $p))))
        (local.set $fxa (v128.const i64x2 0 0))
        (local.set $fya (v128.const i64x2 0 0))
        (local.set $fza (v128.const i64x2 0 0))
        (local.set $sa (v128.const i64x2 0 0))
        (local.set $fxb (v128.const i64x2 0 0))
        (local.set $fyb (v128.const i64x2 0 0))
        (local.set $fzb (v128.const i64x2 0 0))
        (local.set $sb (v128.const i64x2 0 0))
        (local.set $s (local.get $sources))
        (block $sourcesDone
          (loop $source
            (br_if $sourcesDone (i32.ge_u (local.get $s) (local.get $end)))
            (local.set $sx (v128.load64_splat (local.get $s)))
            (local.set $sy (v128.load64_splat offset=8 (local.get $s)))
            (local.set $sz (v128.load64_splat offset=16 (local.get $s)))
            (local.set $mass (v128.load64_splat offset=24 (local.get $s)))
            ;; points 0, 1
            (local.set $dx (f64x2.sub (local.get $xa) (local.get $sx)))
            (local.set $dy (f64x2.sub (local.get $ya) (local.get $sy)))
            (local.set $dz (f64x2.sub (local.get $za) (local.get $sz)))
            (local.set $w (f64x2.div (local.get $one)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (local.get $one) (f64x2.mul (local.get $dx) (local.get $dx)))
                  (f64x2.mul (local.get $dy) (local.get $dy)))
                (f64x2.mul (local.get $dz) (local.get $dz)))))
            (local.set $m (f64x2.mul (local.get $mass) (local.get $w)))
            (local.set $sa (f64x2.add (local.get $sa) (local.get $m)))
            (local.set $m (f64x2.mul (local.get $m) (local.get $w)))
            (local.set $fxa (f64x2.add (local.get $fxa) (f64x2.mul (local.get $m) (local.get $dx))))
            (local.set $fya (f64x2.add (local.get $fya) (f64x2.mul (local.get $m) (local.get $dy))))
            (local.set $fza (f64x2.add (local.get $fza) (f64x2.mul (local.get $m) (local.get $dz))))
            ;; points 2, 3
            (local.set $dx (f64x2.sub (local.get $xb) (local.get $sx)))
            (local.set $dy (f64x2.sub (local.get $yb) (local.get $sy)))
            (local.set $dz (f64x2.sub (local.get $zb) (local.get $sz)))
            (local.set $w (f64x2.div (local.get $one)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (local.get $one) (f64x2.mul (local.get $dx) (local.get $dx)))
                  (f64x2.mul (local.get $dy) (local.get $dy)))
                (f64x2.mul (local.get $dz) (local.get $dz)))))
            (local.set $m (f64x2.mul (local.get $mass) (local.get $w)))
            (local.set $sb (f64x2.add (local.get $sb) (local.get $m)))
            (local.set $m (f64x2.mul (local.get $m) (local.get $w)))
            (local.set $fxb (f64x2.add (local.get $fxb) (f64x2.mul (local.get $m) (local.get $dx))))
            (local.set $fyb (f64x2.add (local.get $fyb) (f64x2.mul (local.get $m) (local.get $dy))))
            (local.set $fzb (f64x2.add (local.get $fzb) (f64x2.mul (local.get $m) (local.get $dz))))
            (local.set $s (i32.add (local.get $s) (i32.const 32)))
            (br $source)))
        ;; per point (fx, fy, fz, z): 32 bytes each
        (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $fxa) (local.get $fya)))
        (v128.store offset=16 (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $fza) (local.get $sa)))
        (v128.store offset=32 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $fxa) (local.get $fya)))
        (v128.store offset=48 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $fza) (local.get $sa)))
        (v128.store offset=64 (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $fxb) (local.get $fyb)))
        (v128.store offset=80 (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $fzb) (local.get $sb)))
        (v128.store offset=96 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $fxb) (local.get $fyb)))
        (v128.store offset=112 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $fzb) (local.get $sb)))
        (local.set $out (i32.add (local.get $out) (i32.const 128)))
        (local.set $p (i32.add (local.get $p) (i32.const 96)))
        (br $quad))))
)
