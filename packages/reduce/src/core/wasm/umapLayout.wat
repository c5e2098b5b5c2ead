;; UMAP's 2-D stochastic descent (one block's edges of one epoch) and the settling of the pulls
;; kept for other blocks, for umap/layout.ts (umapLayout.ts loads it; scripts/wasm.js compiles
;; it at build time). Every array lives in one shared memory that all threads' instances import:
;; the layout's arena itself, so no thread copies anything in or out.
;;
;; The same operations in the same order as the layout's general JS loop (`moveAny`, `settle`)
;; on 2 dimensions: float32 coordinates widened to float64, the power d^b from the same tables
;; (`power` of layout.ts), the same random stream. So a layout is the same bit for bit whichever
;; of the two ran it (umap/layout.test.ts checks this). The 500 epochs of a 10,000-row layout,
;; one thread: 6.9–8.1 CPU s against 9.5–10.7 for main's JS loop, alternately (the reduce
;; README's "UMAP's descent in WebAssembly"): each repulsion's step waits on the last one's
;; through the point's coordinates, so the loop is bound by that chain's latency.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Byte offsets of the arrays, and the descent's constants; set once per instance by `bind`.
  (global $rowPtr (mut i32) (i32.const 0))
  (global $other (mut i32) (i32.const 0))
  (global $epochsPerSample (mut i32) (i32.const 0))
  (global $nextSample (mut i32) (i32.const 0))
  (global $nextNegative (mut i32) (i32.const 0))
  (global $coords (mut i32) (i32.const 0))
  (global $previous (mut i32) (i32.const 0))
  (global $pending (mut i32) (i32.const 0))
  (global $incoming (mut i32) (i32.const 0))
  (global $log2Table (mut i32) (i32.const 0))
  (global $exp2Table (mut i32) (i32.const 0))
  (global $powersOfTwo (mut i32) (i32.const 0))
  (global $rows (mut f64) (f64.const 0))
  (global $a (mut f64) (f64.const 0))
  (global $b (mut f64) (f64.const 0))
  (global $negativeRate (mut f64) (f64.const 0))
  (global $attractScale (mut f64) (f64.const 0))
  (global $repelScale (mut f64) (f64.const 0))

  (func (export "bind")
    (param $rowPtrAt i32) (param $otherAt i32) (param $epochsPerSampleAt i32)
    (param $nextSampleAt i32) (param $nextNegativeAt i32) (param $coordsAt i32)
    (param $previousAt i32) (param $pendingAt i32) (param $incomingAt i32)
    (param $log2At i32) (param $exp2At i32) (param $powersAt i32)
    (param $n i32) (param $a f64) (param $b f64) (param $negativeRate f64)
    (param $attractScale f64) (param $repelScale f64)
    (global.set $rowPtr (local.get $rowPtrAt))
    (global.set $other (local.get $otherAt))
    (global.set $epochsPerSample (local.get $epochsPerSampleAt))
    (global.set $nextSample (local.get $nextSampleAt))
    (global.set $nextNegative (local.get $nextNegativeAt))
    (global.set $coords (local.get $coordsAt))
    (global.set $previous (local.get $previousAt))
    (global.set $pending (local.get $pendingAt))
    (global.set $incoming (local.get $incomingAt))
    (global.set $log2Table (local.get $log2At))
    (global.set $exp2Table (local.get $exp2At))
    (global.set $powersOfTwo (local.get $powersAt))
    (global.set $rows (f64.convert_i32_s (local.get $n)))
    (global.set $a (local.get $a))
    (global.set $b (local.get $b))
    (global.set $negativeRate (local.get $negativeRate))
    (global.set $attractScale (local.get $attractScale))
    (global.set $repelScale (local.get $repelScale))
  )

  ;; The edges of rows [first, end) due in `epoch`, in order, with step `alpha` and the block's
  ;; random stream `state` (mulberry32); returns the stream's new state. Rows of the block are
  ;; read and moved live, the others read from `previous`; the pull on an edge's far end in
  ;; another block goes to that edge's slot of `pending`. An edge's sample is a run of
  ;; interactions of row i: p = −1 the attraction to j, then one repulsion from a random row per
  ;; negative sample owed; they share one body, so that the power d^b is written once, inline
  ;; (a call per power took about a tenth more time; V8 does not inline wasm calls here).
  (func (export "move")
    (param $first i32) (param $end i32) (param $epoch f64) (param $alpha f64) (param $state i32)
    (result i32)
    (local $i i32) (local $e i32) (local $edgesEnd i32) (local $j i32) (local $k i32)
    (local $p i32) (local $negatives i32) (local $t i32) (local $live i32)
    (local $there i32) (local $at i32) (local $here i32) (local $high i32)
    (local $x f64) (local $y f64) (local $dx f64) (local $dy f64) (local $d2 f64)
    (local $power f64) (local $force f64) (local $sx f64) (local $sy f64)
    (local $perSample f64) (local $perNegative f64) (local $owed f64)
    (local $low f64) (local $log f64) (local $whole f64) (local $fraction f64) (local $exp f64)
    (local.set $i (local.get $first))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $at (i32.add (global.get $rowPtr) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $e (i32.load (local.get $at)))
        (local.set $edgesEnd (i32.load offset=4 (local.get $at)))
        (local.set $here (i32.add (global.get $coords) (i32.shl (local.get $i) (i32.const 3))))
        (block $edgesDone
          (loop $edges
            (br_if $edgesDone (i32.ge_s (local.get $e) (local.get $edgesEnd)))
            (local.set $at (i32.add (global.get $nextSample) (i32.shl (local.get $e) (i32.const 3))))
            (if (i32.eqz (f64.gt (f64.load (local.get $at)) (local.get $epoch)))
              (then
                ;; The edge's schedule: next sample, and the negative samples owed.
                (local.set $perSample (f64.load (i32.add (global.get $epochsPerSample)
                                                         (i32.shl (local.get $e) (i32.const 3)))))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $perSample)))
                (local.set $perNegative (f64.div (local.get $perSample) (global.get $negativeRate)))
                (local.set $at (i32.add (global.get $nextNegative) (i32.shl (local.get $e) (i32.const 3))))
                (local.set $owed (f64.floor (f64.div (f64.sub (local.get $epoch) (f64.load (local.get $at)))
                                                     (local.get $perNegative))))
                (f64.store (local.get $at)
                  (f64.add (f64.load (local.get $at)) (f64.mul (local.get $owed) (local.get $perNegative))))
                (local.set $negatives (i32.trunc_sat_f64_s (local.get $owed)))
                (local.set $x (f64.promote_f32 (f32.load (local.get $here))))
                (local.set $y (f64.promote_f32 (f32.load offset=4 (local.get $here))))
                (local.set $j (i32.load (i32.add (global.get $other) (i32.shl (local.get $e) (i32.const 2)))))
                (local.set $p (i32.const -1))
                (block $interactionsDone
                  (loop $interaction
                    (block $next
                      (if (i32.lt_s (local.get $p) (i32.const 0))
                        (then (local.set $k (local.get $j)))
                        (else
                          ;; mulberry32's next output, scaled to a row; i itself is skipped.
                          (local.set $state (i32.add (local.get $state) (i32.const 0x6d2b79f5)))
                          (local.set $t (i32.mul (i32.xor (local.get $state) (i32.shr_u (local.get $state) (i32.const 15)))
                                                 (i32.or (local.get $state) (i32.const 1))))
                          (local.set $t (i32.xor (local.get $t)
                            (i32.add (local.get $t)
                              (i32.mul (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 7)))
                                       (i32.or (local.get $t) (i32.const 61))))))
                          (local.set $k (i32.trunc_f64_s (f64.floor (f64.mul
                            (f64.mul (f64.convert_i32_u (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 14))))
                                     (f64.const 0x1p-32))
                            (global.get $rows)))))
                          (br_if $next (i32.eq (local.get $k) (local.get $i)))))
                      (local.set $live (i32.and (i32.ge_s (local.get $k) (local.get $first))
                                                (i32.lt_s (local.get $k) (local.get $end))))
                      (local.set $there (i32.add
                        (select (global.get $coords) (global.get $previous) (local.get $live))
                        (i32.shl (local.get $k) (i32.const 3))))
                      (local.set $dx (f64.sub (local.get $x) (f64.promote_f32 (f32.load (local.get $there)))))
                      (local.set $dy (f64.sub (local.get $y) (f64.promote_f32 (f32.load offset=4 (local.get $there)))))
                      (local.set $d2 (f64.add (f64.mul (local.get $dx) (local.get $dx))
                                              (f64.mul (local.get $dy) (local.get $dy))))
                      (local.set $force (f64.const 0))
                      (if (f64.gt (local.get $d2) (f64.const 0))
                        (then
                          ;; d2^b as layout.ts's `power`: log2 from the exponent bits and the table
                          ;; of the mantissa's top 10 bits, interpolated with the next 10; 2^y from
                          ;; the table of 2^(j/1024) and the powers of two (index whole + 1100).
                          (local.set $high (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $d2)) (i64.const 32))))
                          (local.set $at (i32.add (global.get $log2Table)
                            (i32.shl (i32.and (i32.shr_u (local.get $high) (i32.const 10)) (i32.const 1023)) (i32.const 3))))
                          (local.set $low (f64.load (local.get $at)))
                          (local.set $log (f64.mul (global.get $b)
                            (f64.add
                              (f64.add
                                (f64.convert_i32_s (i32.sub (i32.shr_u (local.get $high) (i32.const 20)) (i32.const 1023)))
                                (local.get $low))
                              (f64.mul
                                ;; (high & 1023) / 1024, exactly
                                (f64.mul (f64.convert_i32_u (i32.and (local.get $high) (i32.const 1023))) (f64.const 0x1p-10))
                                (f64.sub (f64.load offset=8 (local.get $at)) (local.get $low))))))
                          (local.set $whole (f64.floor (local.get $log)))
                          (local.set $fraction (f64.mul (f64.sub (local.get $log) (local.get $whole)) (f64.const 1024)))
                          (local.set $t (i32.trunc_f64_s (local.get $fraction)))
                          (local.set $at (i32.add (global.get $exp2Table) (i32.shl (local.get $t) (i32.const 3))))
                          (local.set $exp (f64.load (local.get $at)))
                          (local.set $power (f64.mul
                            (f64.add (local.get $exp)
                              (f64.mul (f64.sub (local.get $fraction) (f64.convert_i32_s (local.get $t)))
                                       (f64.sub (f64.load offset=8 (local.get $at)) (local.get $exp))))
                            (f64.load (i32.add (global.get $powersOfTwo)
                              (i32.shl (i32.add (i32.trunc_f64_s (local.get $whole)) (i32.const 1100)) (i32.const 3))))))
                          (local.set $force
                            (if (result f64) (i32.lt_s (local.get $p) (i32.const 0))
                              ;; attraction: −2ab·d^(2b−2) / (1 + a·d^2b)
                              (then
                                (f64.div
                                  (f64.div (f64.mul (global.get $attractScale) (local.get $power)) (local.get $d2))
                                  (f64.add (f64.mul (global.get $a) (local.get $power)) (f64.const 1))))
                              ;; repulsion: 2γb / ((ε + d²)(1 + a·d^2b))
                              (else
                                (f64.div (global.get $repelScale)
                                  (f64.mul (f64.add (f64.const 0.001) (local.get $d2))
                                           (f64.add (f64.mul (global.get $a) (local.get $power))
                                                    (f64.const 1)))))))))
                      ;; Steps clipped to ±4 (NaN and −0 pass through, as in the JS `clip`).
                      (local.set $sx (f64.mul
                        (f64.min (f64.const 4) (f64.max (f64.const -4) (f64.mul (local.get $force) (local.get $dx))))
                        (local.get $alpha)))
                      (local.set $sy (f64.mul
                        (f64.min (f64.const 4) (f64.max (f64.const -4) (f64.mul (local.get $force) (local.get $dy))))
                        (local.get $alpha)))
                      (if (i32.lt_s (local.get $p) (i32.const 0))
                        (then
                          (local.set $x (f64.add (local.get $x) (local.get $sx)))
                          (local.set $y (f64.add (local.get $y) (local.get $sy)))
                          (if (local.get $live)
                            (then
                              (f32.store (local.get $there)
                                (f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load (local.get $there))) (local.get $sx))))
                              (f32.store offset=4 (local.get $there)
                                (f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load offset=4 (local.get $there))) (local.get $sy)))))
                            (else
                              (local.set $at (i32.add (global.get $pending) (i32.shl (local.get $e) (i32.const 3))))
                              (f32.store (local.get $at) (f32.demote_f64 (f64.neg (local.get $sx))))
                              (f32.store offset=4 (local.get $at) (f32.demote_f64 (f64.neg (local.get $sy)))))))
                        (else
                          ;; As the JS loop: a zero push (coincident points) steps by the clip.
                          (if (f64.gt (local.get $force) (f64.const 0))
                            (then
                              (local.set $x (f64.add (local.get $x) (local.get $sx)))
                              (local.set $y (f64.add (local.get $y) (local.get $sy))))
                            (else
                              (local.set $x (f64.add (local.get $x) (f64.mul (f64.const 4) (local.get $alpha))))
                              (local.set $y (f64.add (local.get $y) (f64.mul (f64.const 4) (local.get $alpha)))))))))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br_if $interaction (i32.lt_s (local.get $p) (local.get $negatives)))))
                (f32.store (local.get $here) (f32.demote_f64 (local.get $x)))
                (f32.store offset=4 (local.get $here) (f32.demote_f64 (local.get $y)))))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $edges)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $state))

  ;; Adds the pending pulls of the incoming edges [from, to) to their far ends, in order, and
  ;; clears them.
  (func (export "settle") (param $from i32) (param $to i32)
    (local $e i32) (local $there i32) (local $at i32)
    (block $done
      (loop $edges
        (br_if $done (i32.ge_s (local.get $from) (local.get $to)))
        (local.set $e (i32.load (i32.add (global.get $incoming) (i32.shl (local.get $from) (i32.const 2)))))
        (local.set $there (i32.add (global.get $coords)
          (i32.shl (i32.load (i32.add (global.get $other) (i32.shl (local.get $e) (i32.const 2))))
                   (i32.const 3))))
        (local.set $at (i32.add (global.get $pending) (i32.shl (local.get $e) (i32.const 3))))
        (f32.store (local.get $there)
          (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $there)))
                                   (f64.promote_f32 (f32.load (local.get $at))))))
        (f32.store offset=4 (local.get $there)
          (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load offset=4 (local.get $there)))
                                   (f64.promote_f32 (f32.load offset=4 (local.get $at))))))
        (f64.store (local.get $at) (f64.const 0))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $edges)))
  )
)
