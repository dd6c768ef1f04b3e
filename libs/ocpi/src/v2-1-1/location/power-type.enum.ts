/** 2.1.1 PowerType (mod_locations §4.18). */
export enum PowerTypeV211 {
  AC_1_PHASE = 'AC_1_PHASE',
  AC_3_PHASE = 'AC_3_PHASE',
  DC = 'DC',
}
