/** 2.2.1 PowerType (mod_locations "PowerType enum"). */
export enum PowerTypeV221 {
  AC_1_PHASE = 'AC_1_PHASE',
  /** Two of the three phases connected. */
  AC_2_PHASE = 'AC_2_PHASE',
  /** Two phases of a split-phase system (North America). */
  AC_2_PHASE_SPLIT = 'AC_2_PHASE_SPLIT',
  AC_3_PHASE = 'AC_3_PHASE',
  DC = 'DC',
}
