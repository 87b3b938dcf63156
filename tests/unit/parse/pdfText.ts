// The text of tests/fixtures/pdfs/crt-sample-article.pdf as `pdftotext` (poppler, reading order, no
// -layout) extracts it, copied here so the tests need no poppler. Values break across lines ("4.3 ±" /
// "1.9") and table cells lose their units, as in real PDF text.
export const crtSampleArticleText =
  'Cardiac Resynchronization Therapy in Patients With EndStage Inotrope-Dependent Class IV Heart Failure\n' +
  'Sample article for extraction tests (text adapted from a published abstract; tables constructed\n' +
  'from the values it reports)\n' +
  'Abstract — Although cardiac resynchronization therapy (CRT) is beneficial in patients with drugrefractory New York Heart Association (NYHA) class III/IV heart failure (HF) and left ventricular (LV)\n' +
  'dyssynchrony, CRT efficacy is not well established in patients with more advanced HF on inotropic\n' +
  'support. Ten patients (age 55 ± 13 years) with inotrope-dependent class IV HF (nonischemic [n = 6]\n' +
  'and ischemic [n = 4]) received a CRT implantable cardioverter-defibrillator device. QRS duration was\n' +
  '153 ± 25 ms. Intravenous inotropic therapy was discontinued in 9 of 10 patients after 15 ± 14 days of\n' +
  'CRT. LV ejection fraction increased (23.5 ± 4.3% to 32.0 ± 9.1%; p <0.05).\n' +
  '\n' +
  'Methods\n' +
  'Ten\n' +
  'consecutive\n' +
  'patients\n' +
  'with\n' +
  'inotropedependent NYHA class IV heart failure and LV\n' +
  'dyssynchrony received a CRT implantable\n' +
  'cardioverter-defibrillator. Intravenous inotropic\n' +
  'therapy consisted of dobutamine (n = 6; 4.3 ±\n' +
  '1.9 µg/kg/min) or milrinone (n = 4; 0.54 ± 0.19\n' +
  'µg/kg/min) as inpatient (n = 3) or outpatient (n =\n' +
  '7) therapy for 146 ± 258 days before CRT.\n' +
  'Echocardiographic volumes were measured by\n' +
  'the biplane Simpson method at baseline and at\n' +
  'follow-up.\n' +
  'Table 1. Baseline characteristics (n = 10)\n' +
  'Variable\n' +
  '\n' +
  'Value\n' +
  '\n' +
  'Age, years\n' +
  '\n' +
  '55 ± 13\n' +
  '\n' +
  'Men, n (%)\n' +
  '\n' +
  '8 (80%)\n' +
  '\n' +
  'Nonischemic cardiomyopathy, n (%)\n' +
  '\n' +
  '6 (60%)\n' +
  '\n' +
  'QRS duration, ms\n' +
  '\n' +
  '153 ± 25\n' +
  '\n' +
  'Left bundle branch block, n (%)\n' +
  '\n' +
  '7 (70%)\n' +
  '\n' +
  'LV ejection fraction, %\n' +
  '\n' +
  '23.5 ± 4.3\n' +
  '\n' +
  'LV end-diastolic volume, ml\n' +
  '\n' +
  '226 ± 78\n' +
  '\n' +
  'LV end-systolic volume, ml\n' +
  '\n' +
  '174 ± 65\n' +
  '\n' +
  'Results\n' +
  '\n' +
  'All patients were alive at follow-up 1,088 ± 284\n' +
  'days after CRT. Three patients underwent\n' +
  'successful orthotopic cardiac transplantation\n' +
  'after 56, 257, and 910 days of CRT. HF improved\n' +
  'in 9 patients to NYHA classes II (n = 5) and III (n\n' +
  '= 4). Intravenous inotropic therapy was\n' +
  'discontinued in 9 of 10 patients after 15 ± 14\n' +
  'days of CRT.\n' +
  'Table 2. Echocardiographic outcomes\n' +
  'Measure\n' +
  '\n' +
  'Baseline\n' +
  '\n' +
  'Follow-up\n' +
  '\n' +
  'p\n' +
  '\n' +
  'LVEDV, ml\n' +
  '\n' +
  '226 ± 78\n' +
  '\n' +
  '212 ± 83\n' +
  '\n' +
  '0.08\n' +
  '\n' +
  'LVESV, ml\n' +
  '\n' +
  '174 ± 65\n' +
  '\n' +
  '150 ± 78\n' +
  '\n' +
  '<0.01\n' +
  '\n' +
  'LVEF, %\n' +
  '\n' +
  '23.5 ± 4.3\n' +
  '\n' +
  '32.0 ± 9.1\n' +
  '\n' +
  '<0.05\n' +
  '\n' +
  'No implantable cardioverter-defibrillator shocks\n' +
  'were recorded, and antitachycardia therapy for\n' +
  'ventricular tachyarrhythmias was delivered in 1\n' +
  'patient.\n' +
  '\n' +
  'Discussion\n' +
  'Patients with end-stage inotrope-dependent\n' +
  'NYHA class IV HF and LV dyssynchrony may\n' +
  'respond favorably to CRT with long-term clinical\n' +
  'benefit and improved LV function. In a pooled\n' +
  'analysis of eight studies including 151 patients,\n' +
  '93% of patients (95% confidence interval: 86% to\n' +
  '100%) were weaned from inotropic support after\n' +
  'CRT, and the overall 12-month survival rate was\n' +
  '69% (95% confidence interval: 56% to 83%).\n' +
  '\n';
