import { saveSettingsInput } from '../domain/settings.types';
import { getSettings, saveSettings } from '../services/settings';
import { publicProcedure, router } from '../trpc';

export const settingsRouter = router({
  get: publicProcedure.query(({ ctx }) => getSettings(ctx.db)),
  save: publicProcedure.input(saveSettingsInput).mutation(({ ctx, input }) => saveSettings(ctx.db, input)),
});
